package dev.upwatch.web.metrics;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ProbeSpec;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the metrics saw of each monitor's checks since start: the checks by outcome, and the {@code notAfter} of the
 * latest certificate a check presented. Only the checks are kept here; status and uptime are read from the engine.
 */
final class CheckTally {
    private static final Outcome[] OUTCOMES = Outcome.values();

    /** The latest certificate's expiry and the probe that saw it (a changed probe may no longer see one). */
    private record Certificate(ProbeSpec probe, Instant notAfter) {
    }

    private final Map<MonitorId, LongAdder[]> checks = new ConcurrentHashMap<>();
    private final Map<MonitorId, Certificate> certificates = new ConcurrentHashMap<>();

    /** Counts the check and remembers the certificate it saw, if any. */
    void record(Monitor monitor, Sample sample) {
        checks.computeIfAbsent(monitor.id(), id -> newCounters())[sample.outcome().ordinal()].increment();
        sample.certificateExpiry().ifPresent(notAfter ->
                certificates.put(monitor.id(), new Certificate(monitor.probe(), notAfter)));
    }

    /** The checks of {@code id} that ended with {@code outcome}; 0 before its first. */
    long checks(MonitorId id, Outcome outcome) {
        LongAdder[] counters = checks.get(id);
        return counters == null ? 0 : counters[outcome.ordinal()].sum();
    }

    /**
     * The expiry of the latest certificate a check of {@code monitor} presented, as long as the monitor still probes
     * the same way; kept through failed checks, so an alert on it does not flap while the target is unreachable.
     */
    Optional<Instant> certificateExpiry(Monitor monitor) {
        Certificate seen = certificates.get(monitor.id());
        return seen != null && seen.probe().equals(monitor.probe()) ? Optional.of(seen.notAfter()) : Optional.empty();
    }

    /** Forgets the monitors not in {@code current} (deleted through the admin API or a reload). */
    void retain(Set<MonitorId> current) {
        checks.keySet().retainAll(current);
        certificates.keySet().retainAll(current);
    }

    private static LongAdder[] newCounters() {
        LongAdder[] counters = new LongAdder[OUTCOMES.length];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
        return counters;
    }
}
