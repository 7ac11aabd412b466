package dev.upwatch.core.service;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.RollupTier;

import java.time.Duration;
import java.util.Objects;

/**
 * How long rollups of each tier are kept. The minimums keep every uptime window readable: the 24h window's start
 * lies in the minute tier, the 7d and 30d windows' in the hour tier, the 90d and 365d windows' and the bars in the
 * day tier.
 *
 * @param minute how long minute buckets are kept; at least 25 hours
 * @param hour   how long hour buckets are kept; at least 31 days
 * @param day    how long day buckets are kept; at least 366 days
 */
public record RollupRetention(Duration minute, Duration hour, Duration day) {
    /** The shortest retention of minute buckets. */
    public static final Duration MIN_MINUTE = Duration.ofHours(25);
    /** The shortest retention of hour buckets. */
    public static final Duration MIN_HOUR = Duration.ofDays(31);
    /** The shortest retention of day buckets. */
    public static final Duration MIN_DAY = Duration.ofDays(366);

    public RollupRetention {
        atLeast("minute", minute, MIN_MINUTE);
        atLeast("hour", hour, MIN_HOUR);
        atLeast("day", day, MIN_DAY);
    }

    /** 48 hours of minutes, 90 days of hours, 730 days of days. */
    public static RollupRetention defaults() {
        return new RollupRetention(RollupTier.MINUTE.defaultRetention(), RollupTier.HOUR.defaultRetention(),
                RollupTier.DAY.defaultRetention());
    }

    /** The retention of {@code tier}. */
    public Duration of(RollupTier tier) {
        return switch (tier) {
            case MINUTE -> minute;
            case HOUR -> hour;
            case DAY -> day;
        };
    }

    private static void atLeast(String name, Duration value, Duration minimum) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(name + " retention must be at least " + DurationText.format(minimum)
                    + ", got " + DurationText.format(value));
        }
    }
}
