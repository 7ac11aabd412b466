package dev.upwatch.persistence;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One sample as the database holds it, in a raw {@code sample} row or packed in a {@code sample_block}: the columns'
 * values, without the monitor (a row or block belongs to one monitor).
 *
 * @param startedAtMicros  start, in microseconds since 1970-01-01T00:00:00Z
 * @param responseTimeUs   response time in microseconds, not negative
 * @param outcome          stored outcome code, 0 to 3 (see {@link JooqSampleStore#outcomeCode})
 * @param error            error text, or null
 * @param conditionResults condition results as packed by {@link ConditionResultsCodec}; {@code ""} when none
 * @param phases           timing phases as packed by {@link PhasesCodec}, or null when none
 * @param location         the location that took the check (raw rows of a cluster, V40), or null: packed samples
 *                         keep none
 */
record StoredSample(long startedAtMicros, long responseTimeUs, short outcome, String error, String conditionResults,
                    byte[] phases, String location) {
    /** A sample without a location (a process alone, or packed). */
    StoredSample(long startedAtMicros, long responseTimeUs, short outcome, String error, String conditionResults,
                 byte[] phases) {
        this(startedAtMicros, responseTimeUs, outcome, error, conditionResults, phases, null);
    }

    StoredSample {
        if (responseTimeUs < 0) {
            throw new IllegalArgumentException("responseTimeUs must not be negative: " + responseTimeUs);
        }
        if (outcome < 0 || outcome > 3) {
            throw new IllegalArgumentException("outcome code must be 0 to 3: " + outcome);
        }
        Objects.requireNonNull(conditionResults, "conditionResults");
    }

    /** Microseconds since the Unix epoch, truncated. */
    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** The instant of {@code micros} microseconds since the Unix epoch. */
    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    // A record compares arrays by identity; stored samples compare by content.
    @Override
    public boolean equals(Object other) {
        return other instanceof StoredSample that && startedAtMicros == that.startedAtMicros
                && responseTimeUs == that.responseTimeUs && outcome == that.outcome
                && Objects.equals(error, that.error) && conditionResults.equals(that.conditionResults)
                && Arrays.equals(phases, that.phases) && Objects.equals(location, that.location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(startedAtMicros, responseTimeUs, outcome, error, conditionResults, Arrays.hashCode(phases),
                location);
    }

    @Override
    public String toString() {
        return "StoredSample[" + instant(startedAtMicros) + ", " + responseTimeUs + " µs, outcome " + outcome
                + ", error " + error + ", conditions '" + conditionResults + "', phases " + Arrays.toString(phases) + "]";
    }
}
