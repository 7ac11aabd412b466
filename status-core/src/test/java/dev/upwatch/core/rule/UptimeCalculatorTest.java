package dev.upwatch.core.rule;

import dev.upwatch.core.model.CheckCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
