package dev.upwatch.notify.email;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.notify.CertificateNotice;
import dev.upwatch.notify.Event;
import dev.upwatch.notify.IncidentNotice;
import dev.upwatch.notify.PayloadFormat;

/**
 * An email, stored as {@code {"subject":"…","text":"…"}} so that the outbox holds everything needed to send it
 * again; {@link SmtpSender} turns it into a plain-text UTF-8 message.
 */
final class EmailPayload implements PayloadFormat {
    private static final int REASON_LIMIT = 4000;

    @Override
    public byte[] render(Event event) {
        var change = event.change();
        StringBuilder text = new StringBuilder()
                .append(event.headline()).append('\n').append('\n')
                .append("Status:        ").append(change.current().wireName()).append(" (was ")
                .append(change.previous().wireName()).append(")\n")
                .append("Since:         ").append(event.readableTime()).append('\n')
                .append("Response time: ").append(event.responseTimeMs()).append(" ms\n")
                .append("Group:         ").append(change.monitor().group()).append('\n');
        event.outageDuration().ifPresent(d -> text.append("Outage:        ").append(DurationText.format(d)).append('\n'));
        event.degradedThreshold().ifPresent(d -> text.append("Threshold:     ").append(d.toMillis()).append(" ms\n"));
        text.append("Reason:        ").append(PayloadFormat.shorten(event.reason(), REASON_LIMIT)).append('\n');
        event.serviceUrl().ifPresent(url -> text.append('\n').append(url).append('\n'));
        return mail("[Upwatch] " + event.headline(), text.toString());
    }

    /** The text as the mail's body; the subject stays the headline. */
    @Override
    public byte[] renderText(Event event, String text) {
        return mail("[Upwatch] " + event.headline(), text);
    }

    @Override
    public byte[] renderIncident(IncidentNotice notice) {
        StringBuilder text = new StringBuilder()
                .append(notice.headline()).append('\n').append('\n')
                .append("Impact:   ").append(notice.incident().impact().wireName()).append('\n')
                .append("Services: ").append(notice.serviceList()).append('\n')
                .append("Started:  ").append(IncidentNotice.iso(notice.incident().startedAt())).append('\n');
        notice.latestUpdate().ifPresent(u -> text.append('\n').append(u.state().wireName()).append(": ")
                .append(PayloadFormat.shorten(u.message(), REASON_LIMIT)).append('\n'));
        notice.pageUrl().ifPresent(url -> text.append('\n').append(url).append('\n'));
        return mail("[Upwatch] " + notice.headline(), text.toString());
    }

    @Override
    public byte[] renderCertificate(CertificateNotice notice) {
        StringBuilder text = new StringBuilder()
                .append(notice.headline()).append('\n').append('\n')
                .append("Expires:  ").append(notice.readableExpiry()).append('\n')
                .append("Group:    ").append(notice.monitor().group()).append('\n');
        notice.serviceUrl().ifPresent(url -> text.append('\n').append(url).append('\n'));
        return mail("[Upwatch] " + notice.headline(), text.toString());
    }

    private static byte[] mail(String subject, String text) {
        ObjectNode root = JSON.createObjectNode();
        root.put("subject", PayloadFormat.shorten(subject, 200));
        root.put("text", text);
        return PayloadFormat.write(root, "email");
    }
}
