package dev.upwatch.notify.email;

import dev.upwatch.notify.ChannelProvider;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.PayloadFormat;

import java.util.Objects;

/** Email: a plain-text mail through the channel's SMTP server ({@link SmtpTransport}), never an HTTP request. */
public record EmailProvider(ChannelSettings settings) implements ChannelProvider {
    private static final PayloadFormat PAYLOAD = new EmailPayload();

    public EmailProvider {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public PayloadFormat format() {
        return PAYLOAD;
    }

    @Override
    public Carrier carrier() {
        return Carrier.SMTP;
    }
}
