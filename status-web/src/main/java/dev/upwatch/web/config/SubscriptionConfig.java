package dev.upwatch.web.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How readers subscribe to the page ({@code subscriptions} in the file).
 *
 * @param secret        signs confirmation and unsubscribe links (HMAC-SHA256); at least 32 characters
 * @param smtp          the SMTP server of subscribers' mails; empty: no email subscriptions
 * @param from          the sender of those mails
 * @param username      SMTP login, if any
 * @param password      SMTP password, if any
 * @param rate          sends to subscribers per second, mails and webhooks together
 * @param confirmWithin how long a confirmation link confirms
 * @param resendAfter   the least time between two confirmation mails to one address
 * @param webhooks      whether webhooks may subscribe through the API
 */
public record SubscriptionConfig(String secret, Optional<URI> smtp, Optional<String> from, Optional<String> username,
                                 Optional<String> password, int rate, Duration confirmWithin, Duration resendAfter,
                                 boolean webhooks) {
    public SubscriptionConfig {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(confirmWithin, "confirmWithin");
        Objects.requireNonNull(resendAfter, "resendAfter");
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be at least 1");
        }
    }

    /** The least time between two sends to subscribers. */
    public Duration sendEvery() {
        return Duration.ofNanos(1_000_000_000L / rate);
    }

    @Override
    public String toString() {
        return "SubscriptionConfig[secret=***, smtp=" + smtp.map(URI::toString).orElse("none") + ", from="
                + from.orElse("none") + ", login=" + (username.isPresent() ? "yes" : "no") + ", rate=" + rate
                + "/s, confirmWithin=" + confirmWithin + ", resendAfter=" + resendAfter + ", webhooks=" + webhooks + "]";
    }
}
