package dev.upwatch.core.model;

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
    /** Share of echo requests without a reply, in percent of those sent (percentage: {@code 10%} or {@code 10}). */
    PACKET_LOSS,
    /**
     * What a query returned: the first column of the first row, or a Redis reply (a number when it reads as one,
     * else text).
     */
    RESULT,
    /** The serving status of a gRPC health check, e.g. {@code SERVING} (text). */
    GRPC_STATUS,
    /** Time left until the domain's registration expires, from RDAP (duration). */
    DOMAIN_EXPIRATION,
    /** Whether the DNS resolver validated the answer with DNSSEC, its AD flag (boolean). */
    DNSSEC
}
