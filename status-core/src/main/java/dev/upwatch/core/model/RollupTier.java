package dev.upwatch.core.model;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The resolutions rollups are kept at; each bucket is a half-open UTC interval {@code [start, start + length)}. */
public enum RollupTier {
    /** One bucket per UTC minute; kept about 48 hours by default. */
    MINUTE(ChronoUnit.MINUTES, Duration.ofHours(48)),
    /** One bucket per UTC hour; kept about 90 days by default. */
    HOUR(ChronoUnit.HOURS, Duration.ofDays(90)),
    /** One bucket per UTC day; kept two years by default. */
    DAY(ChronoUnit.DAYS, Duration.ofDays(730));

    private final ChronoUnit unit;
    private final Duration defaultRetention;

    RollupTier(ChronoUnit unit, Duration defaultRetention) {
        this.unit = unit;
        this.defaultRetention = defaultRetention;
    }

    /** The length of one bucket. */
    public Duration length() {
        return unit.getDuration();
    }

    /** How long buckets of this tier are kept unless configured otherwise. */
    public Duration defaultRetention() {
        return defaultRetention;
    }

    /** The start of the bucket holding {@code instant}. */
    public Instant floor(Instant instant) {
        return instant.truncatedTo(unit);
    }

    /** True when {@code instant} is the start of a bucket of this tier. */
    public boolean isAligned(Instant instant) {
        return floor(instant).equals(instant);
    }

    /** Lower-case name used in the API and the database ({@code "minute"}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
