package dev.upwatch.core.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How far a monitor's stored rollups go: they hold every check of the monitor that started at or before
 * {@code through} and none after it, and {@code status} is the status that check left the monitor in. Written with
 * the rollups in one transaction, so that after a crash the rollups are completed from the raw samples started after
 * {@code through}, each counted once. Checks of one monitor never overlap, so they are recorded in start order.
 *
 * @param monitorId the monitor
 * @param through   start of the newest check held, to the microsecond (what stores keep)
 * @param status    the status that check left the monitor in (UNKNOWN before its first check)
 */
public record RollupMark(MonitorId monitorId, Instant through, Status status) {
    public RollupMark {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(through, "through");
        Objects.requireNonNull(status, "status");
        through = through.truncatedTo(ChronoUnit.MICROS);
    }
}
