package dev.upwatch.core.rule;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Push;
import dev.upwatch.core.model.Sample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PushRuleTest {
    private static final Instant START = Instant.parse("2026-11-29T00:00:00Z");
    /** Interval 5m + grace 1m. */
    private static final Duration ALLOWED = Duration.ofMinutes(6);

    @ParameterizedTest(name = "last push {0} ({1}) seen at +{2}s")
    @CsvSource(delimiter = '|', value = {
            // last push at (s after start, or none) | up | check at (s after start) | outcome | error
            "none | true  | 60    | ERROR   | waiting for the first push",
            "none | true  | 360   | ERROR   | waiting for the first push",
            "none | true  | 361   | FAILURE | no push for 6m1s (interval + grace is 6m)",
            "30   | true  | 60    | SUCCESS | ",
            "30   | true  | 390   | SUCCESS | ",
            "30   | true  | 391   | FAILURE | no push for 6m1s (interval + grace is 6m)",
            "30   | false | 60    | FAILURE | push reported down: disk full",
            "30   | false | 400   | FAILURE | no push for 6m10s (interval + grace is 6m)",
    })
    void verdict(String lastAt, boolean up, long checkAt, Outcome outcome, String error) {
        Optional<Push> last = lastAt.equals("none") ? Optional.empty()
                : Optional.of(new Push(START.plusSeconds(Long.parseLong(lastAt)), up, Optional.of("disk full")));
        Sample sample = PushRule.verdict(MonitorId.of("job"), last, START, START.plusSeconds(checkAt), ALLOWED);
        assertEquals(outcome, sample.outcome());
        assertEquals(Optional.ofNullable(error), sample.error());
        assertEquals(START.plusSeconds(checkAt), sample.startedAt());
    }
}
