package dev.upwatch.web.subscription;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Subscription;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Wire types of the subscription routes, built from domain values here only. */
final class SubscriptionJson {
    private SubscriptionJson() {
    }

    /**
     * A request to subscribe: exactly one of {@code email} and {@code webhook}.
     *
     * @param email    an address to confirm
     * @param webhook  an http(s) URL to sign events for
     * @param services service ids; absent or empty for the whole page
     */
    record Request(String email, String webhook, List<String> services) {
    }

    /** The answer to an email request: the same for every valid address. */
    record Sent(String status, String detail) {
    }

    /** A webhook subscription just made, with its secret and unsubscribe token (shown this once). */
    record Webhook(String id, String url, Optional<List<String>> services, String secret, String unsubscribeToken) {
    }

    /** A confirmed subscription as its reader sees it. */
    record Confirmed(String id, Optional<List<String>> services) {
    }

    /** A subscription as operators see it (never its secret); {@code language} is a BCP 47 tag. */
    record Listed(String id, String page, String kind, String address, Optional<List<String>> services,
                  Instant confirmedAt, String language) {
        static Listed of(Subscription s) {
            return new Listed(s.id().value(), s.page(), s.kind().wireName(), s.address(), ids(s), s.confirmedAt(),
                    s.locale().toLanguageTag());
        }
    }

    /** Every subscription, for operators. */
    record Listing(int count, List<Listed> subscriptions) {
    }

    static Optional<List<String>> ids(Subscription s) {
        return s.services().map(ids -> ids.stream().map(MonitorId::value).sorted().toList());
    }
}
