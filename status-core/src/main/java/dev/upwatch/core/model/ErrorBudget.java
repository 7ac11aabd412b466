package dev.upwatch.core.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How a period's checks stand against an {@link SlaTarget}: the target allows {@code decisive × (100 − target) / 100}
 * failed checks; the period used {@code failures} of them. Built by
 * {@link dev.upwatch.core.rule.UptimeCalculator#errorBudget}.
 *
 * @param target   the target
 * @param allowed  failed checks the target allows in the period (a decimal: 0.5 of a check is half of one)
 * @param used     failed checks in the period
 * @param met      whether uptime reached the target ({@code used ≤ allowed}); decided exactly, in decimals
 */
public record ErrorBudget(SlaTarget target, BigDecimal allowed, long used, boolean met) {
    public ErrorBudget {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(allowed, "allowed");
        if (allowed.signum() <= 0 || used < 0) {
            throw new IllegalArgumentException("a budget allows more than 0 failed checks and uses 0 or more");
        }
    }

    /** Failed checks still allowed: {@code allowed − used}; negative when the target was missed. */
    public BigDecimal left() {
        return allowed.subtract(BigDecimal.valueOf(used));
    }

    /**
     * The budget left in percent of the whole budget (100 = untouched, 0 = used up, negative = overdrawn), rounded to
     * two decimals.
     */
    public double leftPercent() {
        return left().multiply(BigDecimal.valueOf(100)).divide(allowed, 2, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
