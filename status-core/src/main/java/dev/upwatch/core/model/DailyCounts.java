package dev.upwatch.core.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The check counts of one monitor for one calendar day (UTC).
 *
 * @param day    the UTC day
 * @param counts checks of that day
 */
public record DailyCounts(LocalDate day, CheckCounts counts) {
    public DailyCounts {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(counts, "counts");
    }
}
