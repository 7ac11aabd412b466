package dev.upwatch.core.service;

import dev.upwatch.core.model.Sample;

import java.util.Objects;

/**
 * What the health rules made of one check: the sample as it is recorded (a failure inside a maintenance window is an
 * ERROR sample) and whether the scheduler checks again sooner than the monitor's interval (a failure below the
 * failure threshold, counted where the status is decided).
 *
 * @param recorded    the sample to store and show
 * @param retrySooner check again at the monitor's retry interval
 */
public record CheckVerdict(Sample recorded, boolean retrySooner) {
    public CheckVerdict {
        Objects.requireNonNull(recorded, "recorded");
    }

    /** A sample nobody judged (its monitor was removed while it was checked): recorded as is, not retried. */
    public static CheckVerdict unjudged(Sample sample) {
        return new CheckVerdict(sample, false);
    }
}
