package dev.upwatch.notify.subscription;

import dev.upwatch.core.model.MonitorId;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A request to subscribe an email address, as its confirmation link carries it.
 *
 * @param page      the status page
 * @param address   the address, lowercase
 * @param services  the services chosen; empty for the whole page
 * @param expiresAt when the link stops confirming
 * @param locale    the language it was made in, which the subscription's mails will be written in
 */
public record EmailRequest(String page, String address, Optional<Set<MonitorId>> services, Instant expiresAt,
                           Locale locale) {
    public EmailRequest {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(expiresAt, "expiresAt");
        services = Objects.requireNonNull(services, "services").map(Set::copyOf);
        if (page.contains("\n") || address.contains("\n")) {
            throw new IllegalArgumentException("page and address are one line each");
        }
    }

    /** A request made in English. */
    public EmailRequest(String page, String address, Optional<Set<MonitorId>> services, Instant expiresAt) {
        this(page, address, services, expiresAt, Locale.ENGLISH);
    }
}
