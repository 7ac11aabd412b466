package dev.upwatch.core.rule;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.UptimeWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UptimeCalculatorTest {
    @ParameterizedTest
    @CsvSource({
            "10, 0, 0, 100.0",
            "9, 1, 0, 90.0",
            "0, 4, 0, 0.0",
            "3, 1, 50, 75.0",   // errors (our side) neither help nor hurt
            "2879, 1, 0, 99.96527777777777",
    })
    void uptimeIsTheShareOfDecisiveChecksThatSucceeded(long successes, long failures, long errors, double percent) {
        assertEquals(percent, UptimeCalculator.percent(new CheckCounts(successes, failures, errors)).orElseThrow(), 1e-9);
    }

    @Test
    void noDecisiveCheckMeansNoUptimeRatherThanZeroOrHundred() {
        assertTrue(UptimeCalculator.percent(CheckCounts.NONE).isEmpty());
        assertTrue(UptimeCalculator.percent(new CheckCounts(0, 0, 7)).isEmpty());
    }

    private static final Instant NOW = Instant.parse("2026-03-14T12:34:56Z");

    @Test
    void theDayWindowUsesMinutesUpToTheHourThenHoursThenMinutesOfTheCurrentHour() {
        assertEquals(List.of(
                new RollupRange(RollupTier.MINUTE, Instant.parse("2026-03-13T12:34:00Z"), Instant.parse("2026-03-13T13:00:00Z")),
                new RollupRange(RollupTier.HOUR, Instant.parse("2026-03-13T13:00:00Z"), Instant.parse("2026-03-14T12:00:00Z")),
                new RollupRange(RollupTier.MINUTE, Instant.parse("2026-03-14T12:00:00Z"), Instant.parse("2026-03-14T12:35:00Z"))),
                UptimeCalculator.ranges(UptimeWindow.H24, NOW));
    }

    @Test
    void aRangeAcrossOneHourBoundaryReadsMinutesOnly() {
        assertEquals(List.of(
                new RollupRange(RollupTier.MINUTE, Instant.parse("2026-03-13T22:59:00Z"), Instant.parse("2026-03-13T23:01:00Z"))),
                UptimeCalculator.ranges(Instant.parse("2026-03-13T22:59:00Z"), Instant.parse("2026-03-13T23:01:00Z")));
    }

    @Test
    void longWindowsStartAtAWholeDayAndReadDaysThenTheRestOfToday() {
        assertEquals(List.of(
                new RollupRange(RollupTier.DAY, Instant.parse("2025-03-14T00:00:00Z"), Instant.parse("2026-03-14T00:00:00Z")),
                new RollupRange(RollupTier.HOUR, Instant.parse("2026-03-14T00:00:00Z"), Instant.parse("2026-03-14T12:00:00Z")),
                new RollupRange(RollupTier.MINUTE, Instant.parse("2026-03-14T12:00:00Z"), Instant.parse("2026-03-14T12:35:00Z"))),
                UptimeCalculator.ranges(UptimeWindow.Y365, NOW));
    }

    @ParameterizedTest
    @CsvSource({
            "H24, 2026-03-13T12:34:00Z",
            "D7,  2026-03-07T12:00:00Z",
            "D30, 2026-02-12T12:00:00Z",
            "D90, 2025-12-14T00:00:00Z",
            "Y365, 2025-03-14T00:00:00Z",
    })
    void everyWindowIsCoveredExactlyOnceFromItsAlignedStartToTheEndOfTheCurrentMinute(UptimeWindow window, Instant start) {
        List<RollupRange> ranges = UptimeCalculator.ranges(window, NOW);
        assertEquals(start, ranges.getFirst().from());
        for (int i = 1; i < ranges.size(); i++) {
            assertEquals(ranges.get(i - 1).to(), ranges.get(i).from(), "contiguous");
        }
        assertEquals(Instant.parse("2026-03-14T12:35:00Z"), ranges.getLast().to());
    }
}
