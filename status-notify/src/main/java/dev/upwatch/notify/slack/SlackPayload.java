package dev.upwatch.notify.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.notify.CertificateNotice;
import dev.upwatch.notify.Event;
import dev.upwatch.notify.IncidentNotice;
import dev.upwatch.notify.PayloadFormat;

/**
 * A Slack incoming-webhook message: a {@code text} fallback (notifications, old clients) and Block Kit blocks —
 * a header, the facts (status, since, response time, group), the reason, and a link to the service page when
 * the public base URL is known. Text in {@code mrkdwn} is escaped ({@code & < >}) so a reason such as
 * {@code [RESPONSE_TIME] (812) < 500} shows as written.
 */
final class SlackPayload implements PayloadFormat {
    /** Slack's limit on a header's text. */
    private static final int HEADER_LIMIT = 150;
    /** Below Slack's 3000-character limit on a section's text, leaving room for the markup around it. */
    private static final int REASON_LIMIT = 2900;

    @Override
    public byte[] render(Event event) {
        var change = event.change();
        var monitor = change.monitor();
        ObjectNode root = JSON.createObjectNode();
        root.put("text", event.symbol() + " " + escape(event.headline()) + " since " + event.readableTime()
                + ": " + escape(PayloadFormat.shorten(event.reason(), REASON_LIMIT)));
        ArrayNode blocks = root.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text")
                .put("text", PayloadFormat.shorten(event.symbol() + " " + event.headline(), HEADER_LIMIT))
                .put("emoji", true);

        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        addField(fields, "*Status*\n" + change.current().wireName() + " (was " + change.previous().wireName() + ")");
        addField(fields, "*Since*\n" + date(event));
        addField(fields, "*Response time*\n" + event.responseTimeMs() + " ms");
        addField(fields, "*Group*\n" + escape(monitor.group()));
        event.outageDuration().ifPresent(d -> addField(fields, "*Outage*\n" + DurationText.format(d)));
        event.degradedThreshold().ifPresent(d -> addField(fields, "*Threshold*\n" + d.toMillis() + " ms"));

        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", "*Reason*\n```" + escape(PayloadFormat.shorten(event.reason(), REASON_LIMIT)) + "```");

        event.serviceUrl().ifPresent(url -> blocks.addObject().put("type", "context").putArray("elements").addObject()
                .put("type", "mrkdwn").put("text", "<" + url + "|View " + escape(monitor.name()) + " on the status page>"));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Slack payload", e);
        }
    }

    /** A plain message: the text in {@code mrkdwn}, no blocks. */
    @Override
    public byte[] renderText(Event event, String text) {
        return PayloadFormat.write(JSON.createObjectNode().put("text", PayloadFormat.shorten(text, REASON_LIMIT)), "Slack");
    }

    @Override
    public String escapeValue(String value) {
        return SlackPayload.escape(value);
    }

    @Override
    public byte[] renderIncident(IncidentNotice notice) {
        var incident = notice.incident();
        ObjectNode root = JSON.createObjectNode();
        String message = notice.latestUpdate().map(u -> u.message()).orElse("");
        root.put("text", notice.symbol() + " " + escape(notice.headline())
                + (message.isEmpty() ? "" : ": " + escape(PayloadFormat.shorten(message, REASON_LIMIT))));
        ArrayNode blocks = root.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", PayloadFormat.shorten(notice.symbol() + " " + notice.headline(), HEADER_LIMIT))
                .put("emoji", true);
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        addField(fields, "*Impact*\n" + incident.impact().wireName());
        addField(fields, "*Services*\n" + escape(notice.serviceList()));
        notice.latestUpdate().ifPresent(u -> addField(fields, "*State*\n" + u.state().wireName()));
        addField(fields, "*Started*\n" + escape(IncidentNotice.iso(incident.startedAt())));
        if (!message.isEmpty()) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", escape(PayloadFormat.shorten(message, REASON_LIMIT)));
        }
        notice.pageUrl().ifPresent(url -> blocks.addObject().put("type", "context").putArray("elements").addObject()
                .put("type", "mrkdwn").put("text", "<" + url + "|Open the status page>"));
        return PayloadFormat.write(root, "Slack");
    }

    /** One line: the headline with the expiry, linking to the service page when known. */
    @Override
    public byte[] renderCertificate(CertificateNotice notice) {
        String line = notice.symbol() + " " + escape(notice.headline()) + " (" + notice.readableExpiry() + ")";
        ObjectNode root = JSON.createObjectNode();
        root.put("text", line);
        root.putArray("blocks").addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", line + notice.serviceUrl().map(url -> " <" + url + "|View "
                        + escape(notice.monitor().name()) + " on the status page>").orElse(""));
        return PayloadFormat.write(root, "Slack");
    }

    private static void addField(ArrayNode fields, String text) {
        fields.addObject().put("type", "mrkdwn").put("text", text);
    }

    /** Slack's date token: shown in the reader's time zone, with the UTC text as fallback. */
    private static String date(Event event) {
        return "<!date^" + event.change().at().getEpochSecond() + "^{date_short_pretty} at {time_secs}|"
                + event.readableTime() + ">";
    }

    /** Escapes the three characters Slack's mrkdwn reserves for links and mentions. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
