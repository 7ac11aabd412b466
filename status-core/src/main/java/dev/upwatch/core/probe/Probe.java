package dev.upwatch.core.probe;

import dev.upwatch.core.model.ProbeOutcome;

/**
 * Checks one target once. A probe only measures: the runner that calls it owns the deadline, the
 * timing of the whole check and error handling. A probe should honour {@link ProbeContext#remaining()}
 * and stop when interrupted; anything it throws becomes a failed sample carrying the exception text.
 * Instances are used by one check at a time per monitor but may be shared across threads over their life.
 */
public interface Probe extends AutoCloseable {

    /**
     * Runs the check.
     *
     * @param context deadline and what the monitor's conditions need
     * @return what was observed; an unreachable target is an outcome ({@link ProbeOutcome#unreachable}), not an exception
     * @throws Exception anything unexpected; the runner records it as a failure
     */
    ProbeOutcome probe(ProbeContext context) throws Exception;

    /** Releases resources held for this monitor; the default holds none. */
    @Override
    default void close() {
    }
}
