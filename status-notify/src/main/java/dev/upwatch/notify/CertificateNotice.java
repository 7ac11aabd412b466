package dev.upwatch.notify;

import dev.upwatch.core.model.Monitor;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One {@code service.certificate-expiring} warning to send, under one message id for every channel.
 *
 * @param id         Standard Webhooks message id ({@code msg_...})
 * @param monitor    the service whose certificate expires
 * @param checkedAt  when the check that saw the certificate started
 * @param expiresAt  the leaf certificate's {@code notAfter}
 * @param serviceUrl the public page of the service, when a public base URL is configured
 */
public record CertificateNotice(String id, Monitor monitor, Instant checkedAt, Instant expiresAt, Optional<URI> serviceUrl) {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter READABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public CertificateNotice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(serviceUrl, "serviceUrl");
    }

    /** A notice with a fresh random id; the service page is {@code <publicBaseUrl>/services/<monitor id>}. */
    static CertificateNotice of(Monitor monitor, Instant checkedAt, Instant expiresAt, Optional<URI> publicBaseUrl) {
        Optional<URI> page = publicBaseUrl.map(base -> URI.create(Event.withoutTrailingSlash(base.toString())
                + "/services/" + monitor.id().value()));
        return new CertificateNotice("msg_" + UUID.randomUUID().toString().replace("-", ""), monitor, checkedAt,
                expiresAt, page);
    }

    /** {@code service.certificate-expiring}. */
    public String wireName() {
        return EventType.CERTIFICATE_EXPIRING.wireName();
    }

    /** Whole days from the check to the expiry, rounded down; zero or negative once expired. */
    public long daysLeft() {
        return Duration.between(checkedAt, expiresAt).toDays();
    }

    /** When the check saw the certificate, ISO-8601 UTC with milliseconds. */
    public String timestamp() {
        return ISO_MILLIS.format(checkedAt);
    }

    /** The expiry, ISO-8601 UTC with milliseconds. */
    public String expiresAtIso() {
        return ISO_MILLIS.format(expiresAt);
    }

    /** The expiry for people: {@code 2026-11-29 20:01:02 UTC}. */
    public String readableExpiry() {
        return READABLE.format(expiresAt);
    }

    /** For people: {@code Certificate of API expires in 5 days}, or {@code ... has expired}. */
    public String headline() {
        long days = daysLeft();
        String when;
        if (!expiresAt.isAfter(checkedAt)) {
            when = "has expired";
        } else if (days == 0) {
            when = "expires within a day";
        } else {
            when = "expires in " + days + (days == 1 ? " day" : " days");
        }
        return "Certificate of " + monitor.name() + " " + when;
    }

    /** A warning sign, for chat messages. */
    public String symbol() {
        return "\u26A0\uFE0F";
    }
}
