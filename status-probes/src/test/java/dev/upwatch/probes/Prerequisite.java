package dev.upwatch.probes;

import org.junit.jupiter.api.Assumptions;

/**
 * A machine condition a test needs (root, a tool). Outside CI a test without it is skipped; in CI ({@code .ci/run}
 * sets {@value #CI_VARIABLE}) it fails, so that nothing is skipped unnoticed on the machine that vouches for the suite.
 */
public final class Prerequisite {
    /** Set (to anything but empty) by {@code .ci/run}. */
    public static final String CI_VARIABLE = "UPWATCH_CI";

    private Prerequisite() {
    }

    /** Skips the test unless {@code met}; in CI, fails it instead, with {@code what} the test needs. */
    public static void require(boolean met, String what) {
        if (met) {
            return;
        }
        String ci = System.getenv(CI_VARIABLE);
        if (ci != null && !ci.isEmpty()) {
            throw new AssertionError("CI must provide this (see .ci/run): " + what);
        }
        Assumptions.abort(what);
    }
}
