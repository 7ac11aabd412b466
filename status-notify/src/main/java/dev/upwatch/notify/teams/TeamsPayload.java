package dev.upwatch.notify.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.notify.CertificateNotice;
import dev.upwatch.notify.Event;
import dev.upwatch.notify.IncidentNotice;
import dev.upwatch.notify.PayloadFormat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Microsoft Teams workflow-webhook message ("Post to a channel when a webhook request is received"): one
 * Adaptive Card 1.4 attachment with a bold headline, a fact set, the reason in monospace, and a button to the
 * service page when the public base URL is known:
 * <pre>{@code
 * {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,
 *   "content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4",
 *     "body":[{"type":"TextBlock","text":"🔴 API is down","weight":"Bolder","size":"Medium","wrap":true},
 *             {"type":"FactSet","facts":[{"title":"Status","value":"down (was up)"}, ...]},
 *             {"type":"TextBlock","text":"[STATUS] (503) == 200","fontType":"Monospace","wrap":true}],
 *     "actions":[{"type":"Action.OpenUrl","title":"View on the status page","url":"https://..."}]}}]}
 * }</pre>
 */
final class TeamsPayload implements PayloadFormat {
    /** Keeps the card well below Teams' 28 KB message limit. */
    private static final int TEXT_LIMIT = 4000;

    @Override
    public byte[] render(Event event) {
        var change = event.change();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Status", change.current().wireName() + " (was " + change.previous().wireName() + ")");
        facts.put("Since", event.readableTime());
        facts.put("Response time", event.responseTimeMs() + " ms");
        facts.put("Group", change.monitor().group());
        event.outageDuration().ifPresent(d -> facts.put("Outage", DurationText.format(d)));
        event.degradedThreshold().ifPresent(d -> facts.put("Threshold", d.toMillis() + " ms"));
        return card(event.symbol() + " " + event.headline(), facts, Optional.of(event.reason()),
                event.serviceUrl().map(Object::toString), "View on the status page");
    }

    /** A card of one text block: the text, wrapped. */
    @Override
    public byte[] renderText(Event event, String text) {
        ObjectNode root = JSON.createObjectNode();
        emptyCard(root).putArray("body").addObject().put("type", "TextBlock")
                .put("text", PayloadFormat.shorten(text, TEXT_LIMIT)).put("wrap", true);
        return PayloadFormat.write(root, "Teams");
    }

    /** Makes {@code root} a message of one Adaptive Card and returns the card, still without a body. */
    private static ObjectNode emptyCard(ObjectNode root) {
        root.put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        return card;
    }

    @Override
    public byte[] renderIncident(IncidentNotice notice) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Impact", notice.incident().impact().wireName());
        facts.put("Services", notice.serviceList());
        notice.latestUpdate().ifPresent(u -> facts.put("State", u.state().wireName()));
        facts.put("Started", IncidentNotice.iso(notice.incident().startedAt()));
        return card(notice.symbol() + " " + notice.headline(), facts, notice.latestUpdate().map(u -> u.message()),
                notice.pageUrl().map(Object::toString), "Open the status page");
    }

    @Override
    public byte[] renderCertificate(CertificateNotice notice) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Expires", notice.readableExpiry());
        facts.put("Group", notice.monitor().group());
        return card(notice.symbol() + " " + notice.headline(), facts, Optional.empty(),
                notice.serviceUrl().map(Object::toString), "View the service");
    }

    private static byte[] card(String headline, Map<String, String> facts, Optional<String> detail, Optional<String> link,
                               String linkTitle) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode card = emptyCard(root);
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", PayloadFormat.shorten(headline, TEXT_LIMIT))
                .put("weight", "Bolder").put("size", "Medium").put("wrap", true);
        ArrayNode factList = body.addObject().put("type", "FactSet").putArray("facts");
        facts.forEach((title, value) -> factList.addObject().put("title", title).put("value", value));
        detail.ifPresent(text -> body.addObject().put("type", "TextBlock")
                .put("text", PayloadFormat.shorten(text, TEXT_LIMIT)).put("fontType", "Monospace").put("wrap", true));
        link.ifPresent(url -> card.putArray("actions").addObject().put("type", "Action.OpenUrl")
                .put("title", linkTitle).put("url", url));
        return PayloadFormat.write(root, "Teams");
    }
}
