package dev.upwatch.core.model;


import java.util.Set;

/**
 * A parsed condition such as {@code [STATUS] == 200}: built once by {@link ConditionParser} when the
 * configuration loads, evaluated on every check. Implementations are immutable and thread-safe.
 */
public interface Condition {

    /** The condition's text as configured. */
    String expression();

    /** The placeholders this condition reads; probes collect only what some condition needs. */
    Set<Placeholder> placeholders();

    /** Evaluates against one check; never throws: a missing or ill-typed value makes the condition fail, rendered so. */
    ConditionResult evaluate(Observation observation);
}
