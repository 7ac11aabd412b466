package dev.upwatch.core.rule;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.ErrorBudget;
import dev.upwatch.core.model.SlaTarget;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.UptimeWindow;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The one definition of uptime (docs/storage.md, "Uptime definition"): the share of decisive checks that
 * succeeded, in percent. Decisive checks are successes and failures; a DEGRADED check is a success; a check
 * taken while the monitor was in MAINTENANCE and an ERROR check (our side could not check) count neither way; a
 * period without decisive checks (a gap with no data) has no uptime (empty) rather than 0 % or 100 %.
 *
 * <p>A window is read from rollups: it starts at {@code now − length} rounded down to the window's
 * {@link #alignment} (minute for 24h, hour for 7d and 30d, UTC day for 90d and 365d, so each edge lies in a tier
 * that is still kept) and ends with the current minute, so it holds every check up to now.
 */
public final class UptimeCalculator {
    private UptimeCalculator() {
    }

    /** Uptime in percent (0–100) of the given counts; empty when no decisive check happened. */
    public static OptionalDouble percent(CheckCounts counts) {
        return counts.uptimePercent();
    }

    /**
     * Uptime in percent with maintenance counted as down time: successes ÷ (successes + failures + checks taken in
     * maintenance). Empty when there was no such check. The SLA figure is {@link #percent}, which leaves maintenance
     * out; this one says how much of the period the service was usable, planned work included.
     *
     * @param maintenance checks that found the monitor in a maintenance window
     */
    public static OptionalDouble percentCountingMaintenance(CheckCounts counts, long maintenance) {
        if (maintenance < 0) {
            throw new IllegalArgumentException("maintenance checks must not be negative: " + maintenance);
        }
        long all = counts.decisive() + maintenance;
        if (all == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(100.0 * counts.successes() / all);
    }

    /**
     * How {@code counts} stand against {@code target}: the failed checks it allows ({@code decisive × (100 − target) /
     * 100}), those used, and whether uptime ({@link #percent}) reached the target, decided exactly in decimals. Empty
     * when no decisive check happened (no uptime, so nothing met or missed).
     */
    public static Optional<ErrorBudget> errorBudget(CheckCounts counts, SlaTarget target) {
        long decisive = counts.decisive();
        if (decisive == 0) {
            return Optional.empty();
        }
        BigDecimal allowed = BigDecimal.valueOf(decisive).multiply(target.budgetPercent())
                .divide(BigDecimal.valueOf(100));
        return Optional.of(new ErrorBudget(target, allowed, counts.failures(),
                BigDecimal.valueOf(counts.failures()).compareTo(allowed) <= 0));
    }

    /**
     * A day's estimated down time: failed checks × the check interval in whole minutes, at least 1 when any check
     * failed, at most a day (the page's bar tooltips and the API's {@code today.downMinutes}).
     */
    public static long downMinutes(long failures, java.time.Duration interval) {
        if (failures == 0) {
            return 0;
        }
        long seconds = Math.min(failures * interval.toSeconds(), 24 * 60 * 60);
        return Math.max(1, Math.round(seconds / 60.0));
    }

    /** The tier the start of {@code window} is rounded down to. */
    public static RollupTier alignment(UptimeWindow window) {
        return switch (window) {
            case H24 -> RollupTier.MINUTE;
            case D7, D30 -> RollupTier.HOUR;
            case D90, Y365 -> RollupTier.DAY;
        };
    }

    /** The first instant of {@code window} ending at {@code now}. */
    public static Instant windowStart(UptimeWindow window, Instant now) {
        return alignment(window).floor(now.minus(window.length()));
    }

    /**
     * The rollup ranges that cover {@code window} ending at {@code now} exactly, each bucket once, using the
     * coarsest tier that fits: minutes up to the first whole hour, hours up to the first whole day, whole days,
     * then hours and minutes up to the end of the current minute.
     */
    public static List<RollupRange> ranges(UptimeWindow window, Instant now) {
        return ranges(windowStart(window, now), RollupTier.MINUTE.floor(now).plus(RollupTier.MINUTE.length()));
    }

    /** The rollup ranges that cover {@code [from, to)} exactly; both ends must be whole minutes. */
    public static List<RollupRange> ranges(Instant from, Instant to) {
        if (!RollupTier.MINUTE.isAligned(from) || !RollupTier.MINUTE.isAligned(to)) {
            throw new IllegalArgumentException("range ends must be whole minutes: " + from + " .. " + to);
        }
        List<RollupRange> ranges = new ArrayList<>();
        Instant cursor = from;
        cursor = step(ranges, RollupTier.MINUTE, cursor, min(ceil(RollupTier.HOUR, cursor), to));
        // Whole hours only: a range shorter than a day may end inside an hour.
        cursor = step(ranges, RollupTier.HOUR, cursor, min(ceil(RollupTier.DAY, cursor), RollupTier.HOUR.floor(to)));
        cursor = step(ranges, RollupTier.DAY, cursor, RollupTier.DAY.floor(to));
        cursor = step(ranges, RollupTier.HOUR, cursor, RollupTier.HOUR.floor(to));
        step(ranges, RollupTier.MINUTE, cursor, to);
        return List.copyOf(ranges);
    }

    private static Instant step(List<RollupRange> ranges, RollupTier tier, Instant from, Instant to) {
        if (from.isBefore(to)) {
            RollupRange previous = ranges.isEmpty() ? null : ranges.getLast();
            if (previous != null && previous.tier() == tier && previous.to().equals(from)) {
                ranges.set(ranges.size() - 1, new RollupRange(tier, previous.from(), to));
            } else {
                ranges.add(new RollupRange(tier, from, to));
            }
            return to;
        }
        return from;
    }

    private static Instant ceil(RollupTier tier, Instant instant) {
        Instant floor = tier.floor(instant);
        return floor.equals(instant) ? instant : floor.plus(tier.length());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
