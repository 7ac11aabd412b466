package dev.upwatch.core.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A monitor's service-level target: the uptime (in percent, by {@link dev.upwatch.core.rule.UptimeCalculator}'s
 * definition) it is meant to reach in every reported period, e.g. 99.9. Kept as the decimal written, so that
 * "met" is decided exactly ({@code 99.9} is not the binary double nearest to it).
 *
 * @param percent greater than 0 and less than 100; 100 is refused because it leaves no error budget
 */
public record SlaTarget(BigDecimal percent) {
    /** How the accepted range reads in errors and docs. */
    public static final String RANGE = "a number greater than 0 and less than 100, e.g. 99.9";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public SlaTarget {
        Objects.requireNonNull(percent, "percent");
        if (percent.signum() <= 0 || percent.compareTo(HUNDRED) >= 0) {
            throw new IllegalArgumentException("sla must be " + RANGE + ", got " + percent.toPlainString());
        }
        percent = percent.stripTrailingZeros();
        if (percent.scale() < 0) {
            percent = percent.setScale(0);
        }
    }

    /** The target written as text, e.g. {@code 99.9}. */
    public static SlaTarget parse(String text) {
        try {
            return new SlaTarget(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sla must be " + RANGE + ", got '" + text + "'");
        }
    }

    /** The share of decisive checks that may fail, in percent: {@code 100 − percent}. */
    public BigDecimal budgetPercent() {
        return HUNDRED.subtract(percent);
    }

    /** The target as written, e.g. {@code 99.9}. */
    public String text() {
        return percent.toPlainString();
    }
}
