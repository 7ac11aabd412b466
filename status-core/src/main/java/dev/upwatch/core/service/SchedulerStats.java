package dev.upwatch.core.service;

import java.time.Duration;

/**
 * Counters of the scheduler since it started.
 *
 * @param scheduled       monitors currently scheduled
 * @param checksStarted   checks started
 * @param checksCompleted checks finished (any outcome)
 * @param overlapsSkipped runs skipped because the monitor's previous check was still running
 * @param lateStarts      checks that started more than one second after their planned time
 * @param maxLateness     the largest start lateness seen
 * @param lateness        start lateness (planned slot to actual start) of every check so far; subtract an earlier
 *                        snapshot for a period's percentiles
 */
public record SchedulerStats(int scheduled, long checksStarted, long checksCompleted, long overlapsSkipped,
                             long lateStarts, Duration maxLateness, LatencyHistogram.Snapshot lateness) {
}
