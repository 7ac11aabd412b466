package dev.upwatch.core.rule;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HealthStateMachineTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    /**
     * Checks: S = success (fast), L = success but slow (300 ms, degraded above 200 ms), F = failure, E = error on our side.
     * Expected: the status after each check, U=UP, D=DOWN, G=DEGRADED, ?=UNKNOWN.
     */
    @ParameterizedTest(name = "{0}/{1} {2} -> {3}")
    @CsvSource({
            // failure threshold, success threshold, checks, statuses after each
            "2, 1, S,           U",
            "2, 1, F,           ?",
            "2, 1, FF,          ?D",
            "2, 1, SFS,         UUU",
            "2, 1, SFFS,        UUDU",
            "1, 1, SF,          UD",
            "3, 1, SFFF,        UUUD",
            "2, 2, FFSS,        ?DDU",
            "2, 2, FFSFSS,      ?DDDDU",
            "2, 1, L,           G",
            "2, 1, SLS,         UGU",
            "2, 1, FFL,         ?DG",
            "2, 1, SEEE,        UUUU",
            "2, 1, FEF,         ??D",
            "2, 1, SFEF,        UUUD",
    })
    void statusFollowsThresholds(int failureThreshold, int successThreshold, String checks, String expected) {
        Monitor monitor = Monitor.builder(MonitorId.of("m"), "M", new ProbeSpec("test", ProbeSettings.empty()))
                .failureThreshold(failureThreshold).successThreshold(successThreshold)
                .degradedAbove(Duration.ofMillis(200)).build();
        HealthStateMachine machine = HealthStateMachine.unknown(T0);
        StringBuilder seen = new StringBuilder();
        Status last = Status.UNKNOWN;
        List<StatusChange> changes = new ArrayList<>();
        for (int i = 0; i < checks.length(); i++) {
            Sample sample = sample(checks.charAt(i), T0.plusSeconds(i));
            machine.apply(monitor, sample).ifPresent(changes::add);
            seen.append(letter(machine.status()));
            if (machine.status() != last) {
                assertEquals(sample.startedAt(), machine.since(), "since is the start of the changing check");
                last = machine.status();
            }
        }
        assertEquals(expected, seen.toString());
        long transitions = 0;
        char previous = '?';
        for (char c : expected.toCharArray()) {
            if (c != previous) {
                transitions++;
            }
            previous = c;
        }
        assertEquals(transitions, changes.size(), "one change event per transition, never one per check");
    }

    /**
     * Degraded-after and maintenance. Checks as above, plus lower case for a check taken inside a maintenance
     * window (s, l, f, e). Expected adds M = MAINTENANCE.
     */
    @ParameterizedTest(name = "fail {0} / success {1} / degraded-after {2}: {3} -> {4}")
    @CsvSource({
            // failure threshold, success threshold, degraded after, checks, statuses after each
            "2, 1, 1, SLS,        UGU",
            "2, 1, 3, LL,         UU",
            "2, 1, 3, LLL,        UUG",
            "2, 1, 3, LLSLLL,     UUUUUG",
            "2, 1, 2, FFLL,       ?DUG",
            "2, 2, 1, LSLSS,      GGGGU",
            "2, 2, 2, LLSSL,      UGGUU",
            "2, 1, 3, LLFLL,      UUUUU",
            // maintenance: failures do not make DOWN, whatever the threshold
            "1, 1, 1, Sfff,       UMMM",
            "2, 1, 1, FFfS,       ?DMU",
            "1, 1, 1, SsS,        UMU",
            "2, 1, 1, SeE,        UMM",
            // after the window the first checks decide afresh
            "2, 1, 1, fF,         M?",
            "2, 1, 1, fFF,        M?D",
            "1, 1, 1, fF,         MD",
            "2, 1, 1, Ff,         ?M",
            "2, 1, 1, FfF,        ?M?",
            "2, 1, 1, lL,         MG",
    })
    void degradedAfterAndMaintenance(int failureThreshold, int successThreshold, int degradedAfter, String checks,
                                     String expected) {
        Monitor monitor = Monitor.builder(MonitorId.of("m"), "M", new ProbeSpec("test", ProbeSettings.empty()))
                .failureThreshold(failureThreshold).successThreshold(successThreshold).degradedAfter(degradedAfter)
                .degradedAbove(Duration.ofMillis(200)).build();
        HealthStateMachine machine = HealthStateMachine.unknown(T0);
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < checks.length(); i++) {
            char check = checks.charAt(i);
            Optional<String> window = Character.isLowerCase(check) ? Optional.of("upgrade") : Optional.empty();
            machine.apply(monitor, sample(Character.toUpperCase(check), T0.plusSeconds(i)), window);
            seen.append(letter(machine.status()));
        }
        assertEquals(expected, seen.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "F | DOWN | connection refused",
            "L | DEGRADED | response time 300 ms above 200ms",
    })
    void changesCarryAReason(char check, Status expected, String reason) {
        Monitor monitor = Monitor.builder(MonitorId.of("m"), "M", new ProbeSpec("test", ProbeSettings.empty()))
                .failureThreshold(1).degradedAbove(Duration.ofMillis(200)).build();
        StatusChange change = HealthStateMachine.unknown(T0).apply(monitor, sample(check, T0)).orElseThrow();
        assertEquals(expected, change.current());
        assertEquals(reason, change.reason());
    }

    @org.junit.jupiter.api.Test
    void enteringMaintenanceNamesTheWindow() {
        Monitor monitor = Monitor.builder(MonitorId.of("m"), "M", new ProbeSpec("test", ProbeSettings.empty())).build();
        StatusChange change = HealthStateMachine.unknown(T0).apply(monitor, sample('F', T0), Optional.of("DB upgrade"))
                .orElseThrow();
        assertEquals(Status.MAINTENANCE, change.current());
        assertEquals("maintenance: DB upgrade", change.reason());
    }

    private static Sample sample(char kind, Instant at) {
        return switch (kind) {
            case 'S' -> new Sample(MonitorId.of("m"), at, Duration.ofMillis(20), Outcome.SUCCESS, Optional.empty(), List.of());
            case 'L' -> new Sample(MonitorId.of("m"), at, Duration.ofMillis(300), Outcome.SUCCESS, Optional.empty(), List.of());
            case 'F' -> new Sample(MonitorId.of("m"), at, Duration.ofMillis(5), Outcome.FAILURE,
                    Optional.of("connection refused"), List.of());
            case 'E' -> new Sample(MonitorId.of("m"), at, Duration.ZERO, Outcome.ERROR, Optional.of("overloaded"), List.of());
            default -> throw new IllegalArgumentException("check kind " + kind);
        };
    }

    private static char letter(Status status) {
        return switch (status) {
            case UP -> 'U';
            case DOWN -> 'D';
            case DEGRADED -> 'G';
            case UNKNOWN -> '?';
            case MAINTENANCE -> 'M';
        };
    }
}
