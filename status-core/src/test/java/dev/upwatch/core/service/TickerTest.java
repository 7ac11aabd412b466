package dev.upwatch.core.service;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TickerTest {

    /** A task runs at the end of the step its time falls in: tasks due in one step share one wake-up. */
    @ParameterizedTest(name = "now {0}, delay {1}, grain {2} -> delay {3}")
    @CsvSource({
            // now, delay, grain, aligned delay (all ns)
            "0,    1,    5,  5",
            "0,    4,    5,  5",
            "0,    5,    5,  5",
            "0,    6,    5,  10",
            "3,    1,    5,  2",
            "3,    2,    5,  2",
            "3,    3,    5,  7",
            "3,    0,    5,  0",
            "3,    -4,   5,  -4",
            "-7,   3,    5,  7",
            "1002, 9000, 1000, 9998",
    })
    void alignedDelays(long now, long delay, long grain, long expected) {
        assertEquals(expected, Ticker.alignedDelay(now, delay, grain));
    }
}
