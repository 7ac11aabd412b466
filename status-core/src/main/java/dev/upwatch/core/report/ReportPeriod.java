package dev.upwatch.core.report;

import dev.upwatch.core.model.RollupTier;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The time an SLA report covers: {@code [from, to)}, both whole UTC minutes (the finest rollup).
 *
 * @param from first instant covered
 * @param to   first instant after the period
 */
public record ReportPeriod(Instant from, Instant to) {
    public ReportPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!RollupTier.MINUTE.isAligned(from)) {
            throw new ReportRangeException("from", "must be a whole minute, got " + from);
        }
        if (!RollupTier.MINUTE.isAligned(to)) {
            throw new ReportRangeException("to", "must be a whole minute, got " + to);
        }
        if (!from.isBefore(to)) {
            throw new ReportRangeException("from", "must be before to (" + to + "), got " + from);
        }
    }

    /** One calendar month in UTC. */
    public static ReportPeriod month(YearMonth month) {
        return new ReportPeriod(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** How long it is. */
    public Duration length() {
        return Duration.between(from, to);
    }

    /** True when {@code instant} lies inside. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }
}
