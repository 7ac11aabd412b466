package dev.upwatch.notify.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.notify.CertificateNotice;
import dev.upwatch.notify.Event;
import dev.upwatch.notify.IncidentNotice;
import dev.upwatch.notify.PayloadFormat;

import java.util.Objects;

/**
 * A Telegram Bot API {@code sendMessage} request: {@code chat_id}, HTML {@code text} (escaped), no link preview.
 * <pre>{@code
 * {"chat_id":"-1001234567890","text":"🔴 <b>API is down</b>\nSince 2026-11-24 20:01:02 UTC\n...",
 *  "parse_mode":"HTML","disable_web_page_preview":true}
 * }</pre>
 */
final class TelegramPayload implements PayloadFormat {
    /** Telegram's limit on a message's text, with room for the markup. */
    private static final int TEXT_LIMIT = 3500;

    private final String chatId;

    TelegramPayload(String chatId) {
        this.chatId = Objects.requireNonNull(chatId, "chatId");
    }

    @Override
    public byte[] render(Event event) {
        var change = event.change();
        StringBuilder text = new StringBuilder()
                .append(event.symbol()).append(" <b>").append(escape(event.headline())).append("</b>\n")
                .append("Since ").append(event.readableTime()).append('\n')
                .append("Status: ").append(change.current().wireName()).append(" (was ")
                .append(change.previous().wireName()).append(")\n")
                .append("Response time: ").append(event.responseTimeMs()).append(" ms\n");
        event.outageDuration().ifPresent(d -> text.append("Outage: ").append(DurationText.format(d)).append('\n'));
        event.degradedThreshold().ifPresent(d -> text.append("Threshold: ").append(d.toMillis()).append(" ms\n"));
        text.append("Reason: <code>").append(escape(PayloadFormat.shorten(event.reason(), TEXT_LIMIT / 2))).append("</code>");
        event.serviceUrl().ifPresent(url -> text.append("\n<a href=\"").append(escape(url.toString()))
                .append("\">View on the status page</a>"));
        return message(text.toString());
    }

    /** The text as the message, in Telegram's HTML parse mode. */
    @Override
    public byte[] renderText(Event event, String text) {
        return message(PayloadFormat.shorten(text, TEXT_LIMIT));
    }

    @Override
    public String escapeValue(String value) {
        return TelegramPayload.escape(value);
    }

    @Override
    public byte[] renderIncident(IncidentNotice notice) {
        StringBuilder text = new StringBuilder()
                .append(notice.symbol()).append(" <b>").append(escape(notice.headline())).append("</b>\n")
                .append("Impact: ").append(notice.incident().impact().wireName()).append('\n')
                .append("Services: ").append(escape(notice.serviceList()));
        notice.latestUpdate().ifPresent(u -> text.append("\n").append(u.state().wireName()).append(": ")
                .append(escape(PayloadFormat.shorten(u.message(), TEXT_LIMIT / 2))));
        notice.pageUrl().ifPresent(url -> text.append("\n<a href=\"").append(escape(url.toString()))
                .append("\">Open the status page</a>"));
        return message(text.toString());
    }

    @Override
    public byte[] renderCertificate(CertificateNotice notice) {
        StringBuilder text = new StringBuilder().append(notice.symbol()).append(" <b>")
                .append(escape(notice.headline())).append("</b> (").append(notice.readableExpiry()).append(')');
        notice.serviceUrl().ifPresent(url -> text.append("\n<a href=\"").append(escape(url.toString()))
                .append("\">View the service</a>"));
        return message(text.toString());
    }

    private byte[] message(String html) {
        ObjectNode root = JSON.createObjectNode();
        root.put("chat_id", chatId);
        root.put("text", html);
        root.put("parse_mode", "HTML");
        root.put("disable_web_page_preview", true);
        return PayloadFormat.write(root, "Telegram");
    }

    /** Escapes what Telegram's HTML parse mode reserves. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
