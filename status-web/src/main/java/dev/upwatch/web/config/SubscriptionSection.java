package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.config.DurationRange;
import dev.upwatch.core.config.IntRange;
import dev.upwatch.notify.SubscriberNotifier;
import dev.upwatch.notify.SubscriberSettings;
import dev.upwatch.notify.subscription.SubscriptionTokens;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Reads {@code subscriptions}: the links' secret, the SMTP server of subscribers' mails, the rate bound. */
final class SubscriptionSection {
    static final Set<String> KEYS = Set.of("secret", "smtp", "from", "username", "password", "rate",
            "confirm-within", "resend-after", "webhooks");
    /** Sends per second to all subscribers together. */
    static final IntRange RATE = IntRange.of(1, 1000);
    static final DurationRange CONFIRM_WITHIN = DurationRange.of(Duration.ofMinutes(10), Duration.ofDays(7));
    static final DurationRange RESEND_AFTER = DurationRange.of(Duration.ofMinutes(1), Duration.ofDays(1));

    private SubscriptionSection() {
    }

    /**
     * The subscription settings when the section is there; empty when it is absent or any problem was noted.
     *
     * @param publicUrl the page's {@code public-url}: the links need it
     */
    static Optional<SubscriptionConfig> read(ConfigMap top, Optional<URI> publicUrl) {
        if (!top.has("subscriptions")) {
            return Optional.empty();
        }
        ConfigMap map = top.map("subscriptions", KEYS);
        ConfigReader reader = map.reader();
        int before = reader.count();
        if (publicUrl.isEmpty()) {
            reader.report(map.node(), "subscriptions need page.public-url: mails link back to the page");
        }
        Optional<String> secret = map.required("secret");
        secret.filter(s -> s.length() < SubscriptionTokens.MIN_SECRET).ifPresent(s -> map.report("secret",
                "must be at least " + SubscriptionTokens.MIN_SECRET + " characters (it signs the links); "
                        + "for example the output of: openssl rand -base64 32"));
        Optional<URI> smtp = map.text("smtp").flatMap(text -> {
            try {
                return Optional.of(new URI(text.trim()));
            } catch (URISyntaxException e) {
                map.report("smtp", "is not a valid URI (" + e.getReason() + ")");
                return Optional.empty();
            }
        });
        Optional<String> from = map.text("from");
        Optional<String> username = map.text("username");
        Optional<String> password = map.text("password");
        if (smtp.isPresent() && from.isEmpty()) {
            reader.report(map.node(), "from is required with smtp: the sender of subscribers' mails");
        }
        if (smtp.isPresent() && from.isPresent()) {
            try {
                SubscriberSettings.mail(smtp.get(), from.get(), username, password);
            } catch (IllegalArgumentException e) {
                map.report("smtp", e.getMessage().replace("channel '" + SubscriberNotifier.EMAIL_CHANNEL
                        + "': url ", "").replace("channel '" + SubscriberNotifier.EMAIL_CHANNEL + "': ", ""));
            }
        }
        int rate = map.integer("rate", 10, RATE);
        Duration confirmWithin = map.duration("confirm-within", Duration.ofHours(24), CONFIRM_WITHIN);
        Duration resendAfter = map.duration("resend-after", Duration.ofMinutes(10), RESEND_AFTER);
        boolean webhooks = map.bool("webhooks", true);
        if (reader.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new SubscriptionConfig(secret.orElseThrow(), smtp, from, username, password, rate,
                confirmWithin, resendAfter, webhooks));
    }
}
