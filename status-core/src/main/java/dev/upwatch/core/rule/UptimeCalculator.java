package dev.upwatch.core.rule;

import dev.upwatch.core.model.CheckCounts;

import java.util.OptionalDouble;

/**
 * The one definition of uptime: the share of decisive checks (successes and failures) that succeeded,
 * in percent. DEGRADED checks are successes; ERROR checks (our side could not check) are not counted;
 * a period without decisive checks has no uptime (empty), rather than 0 % or 100 %.
 */
public final class UptimeCalculator {
    private UptimeCalculator() {
    }

    /** Uptime in percent (0–100) of the given counts; empty when no decisive check happened. */
    public static OptionalDouble percent(CheckCounts counts) {
        long decisive = counts.decisive();
        if (decisive == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(100.0 * counts.successes() / decisive);
    }
}
