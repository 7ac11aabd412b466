package dev.upwatch.notify.discord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.notify.CertificateNotice;
import dev.upwatch.notify.Event;
import dev.upwatch.notify.EventType;
import dev.upwatch.notify.IncidentNotice;
import dev.upwatch.notify.PayloadFormat;

/**
 * A Discord webhook message: a one-line {@code content} and one embed coloured by the new status, with the
 * facts as fields, the reason in a code block, the service page as the title link, and the change time as the
 * embed timestamp. {@code allowed_mentions} is empty so that no service name or reason can ping anyone.
 */
public final class DiscordPayload implements PayloadFormat {
    /** Embed colour of a DOWN event (red). */
    public static final int DOWN_COLOUR = 0xE74C3C;
    /** Embed colour of an UP event (green). */
    public static final int UP_COLOUR = 0x2ECC71;
    /** Embed colour of an open incident (blue); a resolved one is green. */
    public static final int INCIDENT_COLOUR = 0x3498DB;
    /** Embed colour of a DEGRADED event (orange). */
    public static final int DEGRADED_COLOUR = 0xF39C12;

    /** Discord's limits on an embed title, a field value, and (with room for the markup) the description. */
    private static final int TITLE_LIMIT = 256;
    private static final int FIELD_LIMIT = 1024;
    private static final int REASON_LIMIT = 4000;

    DiscordPayload() {
    }

    @Override
    public byte[] render(Event event) {
        var change = event.change();
        var monitor = change.monitor();
        ObjectNode root = JSON.createObjectNode();
        root.put("content", PayloadFormat.shorten(event.symbol() + " **" + escape(monitor.name()) + "** "
                + event.verbPhrase(), 2000));
        root.putObject("allowed_mentions").putArray("parse");

        ObjectNode embed = root.putArray("embeds").addObject();
        embed.put("title", PayloadFormat.shorten(event.headline(), TITLE_LIMIT));
        event.serviceUrl().ifPresent(url -> embed.put("url", url.toString()));
        embed.put("color", colour(event.type()));
        // A zero-width space breaks any fence in the reason, which would otherwise end the code block early.
        String reason = PayloadFormat.shorten(event.reason(), REASON_LIMIT).replace("```", "`\u200B``");
        embed.put("description", "**Reason**\n```\n" + reason + "\n```");
        ArrayNode fields = embed.putArray("fields");
        addField(fields, "Status", change.current().wireName() + " (was " + change.previous().wireName() + ")");
        long epochSecond = change.at().getEpochSecond();
        addField(fields, "Since", "<t:" + epochSecond + ":f> (<t:" + epochSecond + ":R>)");
        addField(fields, "Response time", event.responseTimeMs() + " ms");
        addField(fields, "Group", escape(monitor.group()));
        event.outageDuration().ifPresent(d -> addField(fields, "Outage", DurationText.format(d)));
        event.degradedThreshold().ifPresent(d -> addField(fields, "Threshold", d.toMillis() + " ms"));
        embed.put("timestamp", event.timestamp());
        embed.putObject("footer").put("text", "Upwatch");
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Discord payload", e);
        }
    }

    /** The text as the message's {@code content}, no embed. */
    @Override
    public byte[] renderText(Event event, String text) {
        return PayloadFormat.write(JSON.createObjectNode().put("content", PayloadFormat.shorten(text, 2000)), "Discord");
    }

    @Override
    public String escapeValue(String value) {
        return DiscordPayload.escape(value);
    }

    @Override
    public byte[] renderIncident(IncidentNotice notice) {
        var incident = notice.incident();
        ObjectNode root = JSON.createObjectNode();
        root.put("content", PayloadFormat.shorten(notice.symbol() + " **" + escape(notice.headline()) + "**", 2000));
        root.putObject("allowed_mentions").putArray("parse");
        ObjectNode embed = root.putArray("embeds").addObject();
        embed.put("title", PayloadFormat.shorten(incident.title(), TITLE_LIMIT));
        notice.pageUrl().ifPresent(url -> embed.put("url", url.toString()));
        embed.put("color", notice.event().type() == IncidentEvent.Type.RESOLVED
                ? UP_COLOUR : INCIDENT_COLOUR);
        notice.latestUpdate().ifPresent(u -> embed.put("description",
                PayloadFormat.shorten(escape(u.message()), REASON_LIMIT)));
        ArrayNode fields = embed.putArray("fields");
        addField(fields, "Impact", incident.impact().wireName());
        addField(fields, "Services", escape(notice.serviceList()));
        notice.latestUpdate().ifPresent(u -> addField(fields, "State", u.state().wireName()));
        long started = incident.startedAt().getEpochSecond();
        addField(fields, "Started", "<t:" + started + ":f> (<t:" + started + ":R>)");
        embed.put("timestamp", notice.timestamp());
        embed.putObject("footer").put("text", "Upwatch");
        return PayloadFormat.write(root, "Discord");
    }

    /** A short card: the headline, the expiry as a Discord timestamp, linking to the service page when known. */
    @Override
    public byte[] renderCertificate(CertificateNotice notice) {
        ObjectNode root = JSON.createObjectNode();
        root.put("content", PayloadFormat.shorten(notice.symbol() + " **" + escape(notice.headline()) + "**", 2000));
        root.putObject("allowed_mentions").putArray("parse");
        ObjectNode embed = root.putArray("embeds").addObject();
        embed.put("title", PayloadFormat.shorten(notice.monitor().name(), TITLE_LIMIT));
        notice.serviceUrl().ifPresent(url -> embed.put("url", url.toString()));
        embed.put("color", colour(EventType.CERTIFICATE_EXPIRING));
        long expires = notice.expiresAt().getEpochSecond();
        embed.put("description", "Expires <t:" + expires + ":f> (<t:" + expires + ":R>)");
        embed.put("timestamp", notice.timestamp());
        embed.putObject("footer").put("text", "Upwatch");
        return PayloadFormat.write(root, "Discord");
    }

    /** The embed colour (0xRRGGBB) of an event type. */
    static int colour(EventType type) {
        return switch (type) {
            case DOWN -> DOWN_COLOUR;
            case UP -> UP_COLOUR;
            case DEGRADED -> DEGRADED_COLOUR;
            case INCIDENT -> INCIDENT_COLOUR;
            case CERTIFICATE_EXPIRING -> DEGRADED_COLOUR;
        };
    }

    private static void addField(ArrayNode fields, String name, String value) {
        fields.addObject().put("name", name).put("value", PayloadFormat.shorten(value, FIELD_LIMIT)).put("inline", true);
    }

    /** Backslash-escapes Discord markdown so names show as written. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\*_~`|>[]".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
