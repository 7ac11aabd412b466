package dev.upwatch.core.condition;

/** The values a condition can read from a check, written {@code [NAME]} in conditions. */
public enum Placeholder {
    /** Protocol status code, e.g. the HTTP status (number). */
    STATUS,
    /** Response time (duration; a bare number means milliseconds). */
    RESPONSE_TIME,
    /** Response body (text); {@code [BODY].a.b[0]} reads a JSON path. */
    BODY,
    /** A response header, {@code [HEADER].content-type} (text). */
    HEADER,
    /** Whether the connection was established (boolean). */
    CONNECTED,
    /** Time left until the TLS certificate expires (duration). */
    CERTIFICATE_EXPIRATION,
    /** The address connected to (text). */
    IP,
    /** DNS response code name, e.g. {@code NOERROR} (text). */
    DNS_RCODE,
    /** Whether the DNS resolver validated the answer with DNSSEC, its AD flag (boolean). */
    DNSSEC
}
