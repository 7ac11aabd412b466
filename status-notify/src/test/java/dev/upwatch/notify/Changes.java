package dev.upwatch.notify;

import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Status changes of one monitor ({@code api}, "API", group "Public") for tests. */
final class Changes {
    /** When every change here happened. */
    static final Instant AT = Instant.parse("2026-11-24T20:01:02.345Z");
    static final String FAILED_CONDITION = "[STATUS] (503) == 200";

    static final Monitor API = Monitor.builder(MonitorId.of("api"), "API", new ProbeSpec("http", ProbeSettings.empty()))
            .group("Public").build();

    private Changes() {
    }

    /** {@code previous -> current} with a 123 ms check and {@code reason}. */
    static StatusChange change(Status previous, Status current, String reason) {
        Outcome outcome = current == Status.DOWN ? Outcome.FAILURE : Outcome.SUCCESS;
        var conditions = List.of(new ConditionResult("[STATUS] == 200", current == Status.DOWN ? FAILED_CONDITION
                : "[STATUS] (200) == 200", current != Status.DOWN));
        Sample sample = new Sample(API.id(), AT, Duration.ofMillis(123), outcome, Optional.empty(), conditions);
        return new StatusChange(API, previous, current, AT, sample, reason);
    }

    /** UP -> DOWN because {@code [STATUS] (503) == 200}. */
    static StatusChange down() {
        return change(Status.UP, Status.DOWN, FAILED_CONDITION);
    }

    /** DOWN -> UP. */
    static StatusChange up() {
        return change(Status.DOWN, Status.UP, "checks pass, response time 123 ms");
    }

    /** UP -> DEGRADED. */
    static StatusChange degraded() {
        return change(Status.UP, Status.DEGRADED, "response time 123 ms above 100ms");
    }
}
