package dev.upwatch.core.model;

/**
 * How many checks of one monitor ended how, over some period.
 *
 * @param successes checks whose conditions all held (a DEGRADED check is a success)
 * @param failures  checks the service failed
 * @param errors    checks that could not run on our side; they do not count for or against uptime
 */
public record CheckCounts(long successes, long failures, long errors) {
    /** No checks. */
    public static final CheckCounts NONE = new CheckCounts(0, 0, 0);

    public CheckCounts {
        if (successes < 0 || failures < 0 || errors < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + successes + "/" + failures + "/" + errors);
        }
    }

    /** Checks that say something about the service: successes plus failures. */
    public long decisive() {
        return successes + failures;
    }

    /** Successes in percent of decisive checks; empty when there were none. */
    public java.util.OptionalDouble uptimePercent() {
        long decisive = decisive();
        return decisive == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(100.0 * successes / decisive);
    }

    /** The sum of both periods' counts. */
    public CheckCounts plus(CheckCounts other) {
        return new CheckCounts(successes + other.successes, failures + other.failures, errors + other.errors);
    }

    /** Counts one more sample of the given outcome. */
    public CheckCounts plus(Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> new CheckCounts(successes + 1, failures, errors);
            case FAILURE -> new CheckCounts(successes, failures + 1, errors);
            case ERROR, BLOCKED -> new CheckCounts(successes, failures, errors + 1);
        };
    }
}
