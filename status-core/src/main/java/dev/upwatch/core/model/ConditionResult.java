package dev.upwatch.core.model;

import java.util.Objects;

/**
 * The verdict of one condition on one check.
 *
 * @param expression the condition as configured, e.g. {@code [STATUS] == 200}
 * @param rendered   the condition with resolved values, e.g. {@code [STATUS] (503) == 200}
 * @param success    whether it held
 */
public record ConditionResult(String expression, String rendered, boolean success) {
    public ConditionResult {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(rendered, "rendered");
    }
}
