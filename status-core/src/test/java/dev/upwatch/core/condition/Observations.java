package dev.upwatch.core.condition;

import dev.upwatch.core.model.Observation;

import dev.upwatch.core.model.Placeholder;

import dev.upwatch.core.model.ProbeOutcome;

import java.time.Duration;
import java.time.Instant;

/** Named checks that condition tests evaluate against. */
final class Observations {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    /** A JSON body with every JSON type, nested objects and arrays, escapes and an exponent. */
    static final String JSON_BODY = """
            {"status": "UP", "version": "1.10", "count": 42, "ratio": 0.5, "big": 1e3, "healthy": true,
             "error": null, "items": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}], "meta": {},
             "text": "caf\\u00e9 \\"q\\"", "nested": {"deep": {"list": [[10, 20], [30]]}}}
            """;

    private Observations() {
    }

    /**
     * The check called {@code name}: {@code ok} (healthy HTTP with a JSON body), {@code slow} (503, plain body,
     * 912ms, certificate expired a day ago), {@code down} (connection refused), {@code dns} (an NXDOMAIN answer, not
     * validated),
     * {@code broken} (200 with a malformed JSON body), {@code degraded} (a JSON body whose status is DOWN), {@code ping}
     * (33.33 % packet loss), {@code lossless} (none lost), {@code query} (a query result 42), {@code pong} (a Redis
     * reply PONG), {@code grpc} (NOT_SERVING), {@code domain} (a domain expiring in 20 days), {@code rdap-down} (the
     * domain's expiry could not be checked).
     */
    static Observation named(String name) {
        return switch (name) {
            case "ok" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .statusCode(200)
                    .body(JSON_BODY)
                    .header("Content-Type", "application/json")
                    .header("X-Request-Id", "r-1")
                    .ip("10.0.0.7")
                    .certificateExpiry(NOW.plus(Duration.ofDays(30)))
                    .build(), Duration.ofMillis(120), NOW);
            case "slow" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .statusCode(503)
                    .body("Service Unavailable")
                    .ip("2001:db8::1")
                    .certificateExpiry(NOW.minus(Duration.ofDays(1)))
                    .build(), Duration.ofMillis(912), NOW);
            case "down" -> new Observation(ProbeOutcome.unreachable("connection refused"), Duration.ofSeconds(3), NOW);
            case "dns" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .dnsRcode("NXDOMAIN")
                    .dnssecValidated(false)
                    .build(), Duration.ofMillis(8), NOW);
            case "broken" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .statusCode(200)
                    .body("{\"status\": UP}")
                    .build(), Duration.ofMillis(50), NOW);
            case "degraded" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .statusCode(200)
                    .body("{\"status\": \"DOWN\", \"checks\": []}")
                    .build(), Duration.ofMillis(80), NOW);
            case "ping" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .packetLoss(new java.math.BigDecimal("33.33"))
                    .build(), Duration.ofMillis(2), NOW);
            case "lossless" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .packetLoss(java.math.BigDecimal.ZERO)
                    .build(), Duration.ofMillis(1), NOW);
            case "query" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .result("42")
                    .build(), Duration.ofMillis(3), NOW);
            case "pong" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .result("PONG")
                    .build(), Duration.ofMillis(1), NOW);
            case "grpc" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .statusCode(0)
                    .grpcStatus("NOT_SERVING")
                    .build(), Duration.ofMillis(4), NOW);
            case "domain" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .statusCode(200)
                    .domainExpiry(NOW.plus(Duration.ofDays(20)))
                    .build(), Duration.ofMillis(60), NOW);
            case "rdap-down" -> new Observation(ProbeOutcome.builder()
                    .connected(true)
                    .statusCode(200)
                    .unchecked(Placeholder.DOMAIN_EXPIRATION, "RDAP server did not answer")
                    .build(), Duration.ofMillis(60), NOW);
            default -> throw new IllegalArgumentException("no observation named " + name);
        };
    }
}
