package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A confirmed subscription of one reader to one status page: by email or by webhook, to the whole page or to chosen
 * services. Only confirmed subscriptions exist; a request waiting for its confirmation is a signed link, not a row.
 *
 * @param id          its identifier, also what its unsubscribe link names
 * @param page        the status page it belongs to ({@link #DEFAULT_PAGE} until there are several)
 * @param kind        how its messages travel
 * @param address     an email address (lowercase) or the webhook's http(s) URL
 * @param secret      the webhook's signing secret ({@code whsec_…}); empty for email
 * @param services    the services chosen; empty means the whole page
 * @param confirmedAt when it was confirmed (email) or created (webhook)
 * @param locale      the language it was made in, which its mails are written in (webhooks ignore it)
 */
public record Subscription(SubscriptionId id, String page, Kind kind, String address, Optional<String> secret,
                           Optional<Set<MonitorId>> services, Instant confirmedAt, Locale locale) {
    /** The page every subscription belongs to while there is one page. */
    public static final String DEFAULT_PAGE = "default";
    /** Longest address stored: RFC 5321's 254 for email, 2048 for a URL. */
    public static final int MAX_EMAIL = 254;
    public static final int MAX_URL = 2048;
    private static final Pattern PAGE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** How a subscriber is told. */
    public enum Kind {
        EMAIL, WEBHOOK;

        /** {@code email} or {@code webhook}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        Objects.requireNonNull(locale, "locale");
        if (!PAGE.matcher(page).matches()) {
            throw new IllegalArgumentException("page must be a slug of 1-64 lowercase letters, digits or '-'");
        }
        if (address.isEmpty() || address.length() > (kind == Kind.EMAIL ? MAX_EMAIL : MAX_URL)) {
            throw new IllegalArgumentException("address must be 1-" + (kind == Kind.EMAIL ? MAX_EMAIL : MAX_URL)
                    + " characters");
        }
        if (kind == Kind.EMAIL && secret.isPresent()) {
            throw new IllegalArgumentException("an email subscription has no secret");
        }
        if (kind == Kind.WEBHOOK && secret.isEmpty()) {
            throw new IllegalArgumentException("a webhook subscription needs its signing secret");
        }
        services = services.map(Set::copyOf);
        if (services.isPresent() && services.get().isEmpty()) {
            throw new IllegalArgumentException("services must name at least one service, or be absent for the whole page");
        }
    }

    /** A subscription in English, the language of one made without a choice. */
    public Subscription(SubscriptionId id, String page, Kind kind, String address, Optional<String> secret,
                        Optional<Set<MonitorId>> services, Instant confirmedAt) {
        this(id, page, kind, address, secret, services, confirmedAt, Locale.ENGLISH);
    }

    /** True when a fact about {@code affected} services concerns this subscriber (a fact naming none concerns all). */
    public boolean covers(Collection<MonitorId> affected) {
        return services.isEmpty() || affected.isEmpty() || affected.stream().anyMatch(services.get()::contains);
    }

    /** This subscription with another choice of services (a second confirmation replaces the first). */
    public Subscription withServices(Optional<Set<MonitorId>> chosen, Instant at) {
        return new Subscription(id, page, kind, address, secret, chosen, at, locale);
    }

    /** This subscription under {@code existing}'s id: a later confirmation of the same address replaces the earlier. */
    public Subscription replacing(SubscriptionId existing) {
        return new Subscription(existing, page, kind, address, secret, services, confirmedAt, locale);
    }

    @Override
    public String toString() {
        return "Subscription[id=" + id + ", page=" + page + ", kind=" + kind.wireName() + ", secret="
                + (secret.isPresent() ? "***" : "none") + ", services=" + services.map(Object::toString).orElse("all") + ", locale=" + locale.toLanguageTag() + "]";
    }
}
