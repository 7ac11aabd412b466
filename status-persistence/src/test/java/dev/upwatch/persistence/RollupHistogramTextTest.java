package dev.upwatch.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollupHistogramTextTest {
    @Test
    void writesPairsInIndexOrderAndLeavesZeroCountsOut() {
        assertEquals("", RollupHistogramText.encode(new TreeMap<>()));
        assertEquals("0:1,57:3,141:12", RollupHistogramText.encode(new TreeMap<>(Map.of(141, 12L, 57, 3L, 0, 1L,
                9, 0L))));
    }

    @Test
    void readsBackWhatItWrote() {
        Random random = new Random(19);
        for (int round = 0; round < 200; round++) {
            TreeMap<Integer, Long> histogram = new TreeMap<>();
            for (int i = random.nextInt(20); i > 0; i--) {
                histogram.put(random.nextInt(142), 1 + (long) random.nextInt(Integer.MAX_VALUE) * random.nextInt(5));
            }
            assertEquals(histogram, RollupHistogramText.decode(RollupHistogramText.encode(histogram)));
        }
    }

    @Test
    void addsIntoAHistogram() {
        TreeMap<Integer, Long> sum = RollupHistogramText.decode("3:1,5:2");
        RollupHistogramText.addTo(sum, "5:3,7:1");
        assertEquals(new TreeMap<>(Map.of(3, 1L, 5, 5L, 7, 1L)), sum);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5:", ":5", "a:1", "5:1,", "5:-1", "142:1", "-1:1", "5:1;6:1"})
    void refusesWhatItDidNotWrite(String text) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RollupHistogramText.decode(text));
        assertTrue(e.getMessage().contains("corrupt latency histogram in the rollup table"), e.getMessage());
    }
}
