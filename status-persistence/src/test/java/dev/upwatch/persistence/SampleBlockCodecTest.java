package dev.upwatch.persistence;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleBlockCodecTest {
    private static final long HOUR = StoredSample.micros(Instant.parse("2026-03-14T12:00:00Z"));
    private static final String STATUS_OK = ConditionResultsCodec.encode(List.of(
            new dev.upwatch.core.model.ConditionResult("[STATUS] == 200", "[STATUS] (200) == 200", true)));

    @Test
    void anHourOfTypicalChecksTakesAboutTwentyOneBytesEach() {
        List<StoredSample> samples = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            samples.add(new StoredSample(HOUR + 30_000_000L * i + 1_234 * i, 50_150 + i, (short) 0, null, STATUS_OK,
                    typicalPhases(i)));
        }

        byte[] payload = SampleBlockCodec.encode(HOUR, samples);

        assertEquals(samples, SampleBlockCodec.decode(HOUR, payload));
        // 4 start + 3 response time + 1 flags + 13 phases per sample; the condition text once.
        assertTrue(payload.length <= 120 * 21 + STATUS_OK.length() + 4, "payload of " + payload.length + " bytes");
    }

    @Test
    void keepsErrorsConditionChangesEqualStartsAndEveryOutcome() {
        String failing = ConditionResultsCodec.encode(List.of(
                new dev.upwatch.core.model.ConditionResult("[BODY] == ü", "[BODY] (日本語) == ü", false)));
        List<StoredSample> samples = List.of(
                new StoredSample(HOUR, 0, (short) 0, null, "", null),
                new StoredSample(HOUR, 7, (short) 1, "connection refused 🙂", failing, null),
                new StoredSample(HOUR + 1, Long.MAX_VALUE, (short) 2, "", failing, new byte[0]),
                new StoredSample(HOUR + 1, 3, (short) 3, null, "", typicalPhases(1)),
                new StoredSample(HOUR + 3_599_999_999L, 3, (short) 0, null, STATUS_OK, typicalPhases(2)));

        assertEquals(samples, SampleBlockCodec.decode(HOUR, SampleBlockCodec.encode(HOUR, samples)));
    }

    @Test
    void refusesSamplesOutOfOrder() {
        List<StoredSample> samples = List.of(new StoredSample(HOUR + 2, 0, (short) 0, null, "", null),
                new StoredSample(HOUR + 1, 0, (short) 0, null, "", null));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SampleBlockCodec.encode(HOUR, samples));
        assertTrue(e.getMessage().startsWith("samples must be in start order"), e.getMessage());
    }

    @Test
    void aTruncatedOrPaddedPayloadIsReportedAsCorrupt() {
        byte[] payload = SampleBlockCodec.encode(HOUR, List.of(
                new StoredSample(HOUR + 5, 70, (short) 1, "timeout", STATUS_OK, typicalPhases(0))));
        for (int length = 0; length < payload.length; length++) {
            byte[] truncated = Arrays.copyOf(payload, length);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SampleBlockCodec.decode(HOUR, truncated), "length " + length);
            assertTrue(e.getMessage().startsWith("corrupt sample block at byte "), e.getMessage());
        }
        byte[] padded = Arrays.copyOf(payload, payload.length + 1);
        assertThrows(IllegalStateException.class, () -> SampleBlockCodec.decode(HOUR, padded));
    }

    /** Random blocks round-trip exactly; random bytes decode or fail as corrupt, never otherwise. */
    @RepeatedTest(200)
    void randomBlocksRoundTripAndRandomBytesNeverDecodeWrongly(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        List<StoredSample> samples = new ArrayList<>();
        long start = HOUR;
        int count = random.nextInt(300);
        for (int i = 0; i < count; i++) {
            start += random.nextInt(4) == 0 ? 0 : (long) (random.nextDouble() * 60_000_000L);
            long responseTime = switch (random.nextInt(3)) {
                case 0 -> random.nextInt(128);
                case 1 -> random.nextLong(1L << 40);
                default -> Long.MAX_VALUE - random.nextInt(10);
            };
            String error = random.nextBoolean() ? null : randomText(random);
            String conditions = random.nextInt(3) == 0 ? randomText(random) : random.nextBoolean() ? "" : STATUS_OK;
            byte[] phases = random.nextBoolean() ? null : randomBytes(random);
            samples.add(new StoredSample(start, responseTime, (short) random.nextInt(4), error, conditions, phases));
        }

        byte[] payload = SampleBlockCodec.encode(HOUR, samples);
        assertEquals(samples, SampleBlockCodec.decode(HOUR, payload));

        byte[] garbage = randomBytes(random);
        if (garbage.length > 0) {
            garbage[0] = SampleBlockCodec.FORMAT;
        }
        try {
            SampleBlockCodec.decode(HOUR, garbage);
        } catch (IllegalStateException | IllegalArgumentException | ArithmeticException e) {
            // a corrupt block is reported, never read as something else or crashes otherwise
        }
    }

    private static String randomText(Random random) {
        String alphabet = "ab:+-0123 ü日本語\n\t\uD83D\uDE42";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int at = random.nextInt(alphabet.length() - 1);
            if (Character.isLowSurrogate(alphabet.charAt(at))) {
                at--;
            }
            text.append(alphabet.charAt(at));
            if (Character.isHighSurrogate(alphabet.charAt(at))) {
                text.append(alphabet.charAt(at + 1));
            }
        }
        return text.toString();
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(30)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] typicalPhases(int i) {
        Map<String, Duration> phases = new LinkedHashMap<>();
        phases.put("dns", Duration.ofNanos(150_000 + i * 1_000L));
        phases.put("connect", Duration.ofNanos(800_000 + i * 1_000L));
        phases.put("tls", Duration.ofNanos(9_000_000 + i * 1_000L));
        phases.put("firstByte", Duration.ofNanos(40_000_000 + i * 1_000L));
        phases.put("transfer", Duration.ofNanos(200_000 + i * 1_000L));
        return PhasesCodec.encode(phases);
    }
}
