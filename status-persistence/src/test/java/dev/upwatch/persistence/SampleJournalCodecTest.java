package dev.upwatch.persistence;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleJournalCodecTest {
    private static final long FIRST = 1_773_489_600_000_000L; // 2026-03-14T12:00:00Z in µs

    @Test
    void keepsEachMonitorsSamplesInStartOrderAndReadsOneMonitorAlone() {
        Random random = new Random(38);
        for (int round = 0; round < 200; round++) {
            List<SampleJournalCodec.Keyed> batch = new ArrayList<>();
            for (int i = random.nextInt(30) + 1; i > 0; i--) {
                batch.add(new SampleJournalCodec.Keyed(1 + random.nextInt(5), new StoredSample(
                        FIRST + random.nextInt(1_000_000), random.nextInt(5_000_000), (short) random.nextInt(4),
                        random.nextBoolean() ? null : "refused " + random.nextInt(3),
                        random.nextBoolean() ? "" : "c" + random.nextInt(2),
                        random.nextBoolean() ? null : new byte[] {1, (byte) random.nextInt(100)})));
            }
            long first = batch.stream().mapToLong(k -> k.sample().startedAtMicros()).min().orElseThrow();
            byte[] payload = SampleJournalCodec.encode(first, batch);

            Map<Integer, List<StoredSample>> all = SampleJournalCodec.decode(first, payload, OptionalInt.empty());
            for (int monitor = 1; monitor <= 5; monitor++) {
                int key = monitor;
                List<StoredSample> expected = batch.stream().filter(k -> k.monitor() == key)
                        .map(SampleJournalCodec.Keyed::sample)
                        .sorted(java.util.Comparator.comparingLong(StoredSample::startedAtMicros)).toList();
                assertEquals(expected, all.getOrDefault(key, List.of()));
                assertEquals(expected, SampleJournalCodec.decode(first, payload, OptionalInt.of(key))
                        .getOrDefault(key, List.of()));
            }
        }
    }

    @Test
    void refusesATruncatedOrPaddedPayloadNamingTheByte() {
        List<SampleJournalCodec.Keyed> batch = List.of(
                new SampleJournalCodec.Keyed(7, new StoredSample(FIRST, 1_000, (short) 0, null, "", null)),
                new SampleJournalCodec.Keyed(9, new StoredSample(FIRST + 5, 2_000, (short) 1, "x", "", null)));
        byte[] payload = SampleJournalCodec.encode(FIRST, batch);
        for (byte[] bad : List.of(Arrays.copyOf(payload, payload.length - 1), Arrays.copyOf(payload, payload.length + 1),
                new byte[0], new byte[] {2})) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SampleJournalCodec.decode(FIRST, bad, OptionalInt.empty()));
            assertTrue(e.getMessage().startsWith("corrupt sample"), e.getMessage());
        }
    }
}
