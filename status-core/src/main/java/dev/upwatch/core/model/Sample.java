package dev.upwatch.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored result of one check of one monitor.
 *
 * @param monitorId        the monitor checked
 * @param startedAt        wall-clock instant the check started
 * @param responseTime     measured latency of the exchange (monotonic clock)
 * @param outcome          success, failure of the service, or error on our side
 * @param error            why the probe failed, when it did (connection refused, timeout, ...)
 * @param conditionResults each configured condition with its resolved values
 * @param certificateExpiry the {@code notAfter} of the target's leaf certificate, when the check saw one (TLS);
 *                          transient, per check: stores do not keep it, so a loaded sample has none
 * @param phases           the probe's named timing phases in order ({@code dns}, {@code connect}, {@code tls},
 *                          {@code firstByte}, {@code transfer} for HTTP); empty when the probe reported none. Stores
 *                          keep them to the microsecond
 * @param location         in a cluster, the location that took the check (a node's, or a remote agent's); empty for a
 *                          process alone. Stores keep it on raw rows; packed days drop it
 */
public record Sample(MonitorId monitorId, Instant startedAt, Duration responseTime, Outcome outcome,
                     Optional<String> error, List<ConditionResult> conditionResults,
                     Optional<Instant> certificateExpiry, Map<String, Duration> phases, Optional<Location> location) {
    public Sample {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(responseTime, "responseTime");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(error, "error");
        conditionResults = List.copyOf(conditionResults);
        Objects.requireNonNull(certificateExpiry, "certificateExpiry");
        if (responseTime.isNegative()) {
            throw new IllegalArgumentException("responseTime must not be negative: " + responseTime);
        }
        Map<String, Duration> ordered = new LinkedHashMap<>();
        phases.forEach((name, duration) -> {
            Objects.requireNonNull(name, "phase name");
            Objects.requireNonNull(duration, "phase " + name);
            if (duration.isNegative()) {
                throw new IllegalArgumentException("phase " + name + " must not be negative: " + duration);
            }
            ordered.put(name, duration);
        });
        phases = Collections.unmodifiableMap(ordered);
    }

    /** A sample taken by a process alone (no location). */
    public Sample(MonitorId monitorId, Instant startedAt, Duration responseTime, Outcome outcome,
                  Optional<String> error, List<ConditionResult> conditionResults,
                  Optional<Instant> certificateExpiry, Map<String, Duration> phases) {
        this(monitorId, startedAt, responseTime, outcome, error, conditionResults, certificateExpiry, phases,
                Optional.empty());
    }

    /** This sample as taken from {@code where}. */
    public Sample from(Location where) {
        return new Sample(monitorId, startedAt, responseTime, outcome, error, conditionResults, certificateExpiry,
                phases, Optional.of(where));
    }

    /** A sample without timing phases. */
    public Sample(MonitorId monitorId, Instant startedAt, Duration responseTime, Outcome outcome,
                  Optional<String> error, List<ConditionResult> conditionResults,
                  Optional<Instant> certificateExpiry) {
        this(monitorId, startedAt, responseTime, outcome, error, conditionResults, certificateExpiry, Map.of());
    }

    /** A sample without a certificate expiry (not a TLS check, or loaded from a store). */
    public Sample(MonitorId monitorId, Instant startedAt, Duration responseTime, Outcome outcome,
                  Optional<String> error, List<ConditionResult> conditionResults) {
        this(monitorId, startedAt, responseTime, outcome, error, conditionResults, Optional.empty(), Map.of());
    }

    /** True when the service answered as required. */
    public boolean isSuccess() {
        return outcome == Outcome.SUCCESS;
    }

    /**
     * A one-line reason for a failed check: the probe error, else the failing conditions rendered
     * with their values; empty for a success.
     */
    public Optional<String> failureReason() {
        if (isSuccess()) {
            return Optional.empty();
        }
        if (error.isPresent()) {
            return error;
        }
        List<String> failed = conditionResults.stream().filter(r -> !r.success()).map(ConditionResult::rendered).toList();
        return failed.isEmpty() ? Optional.of(outcome.wireName()) : Optional.of(String.join("; ", failed));
    }
}
