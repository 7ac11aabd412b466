package dev.upwatch.core.condition;

import dev.upwatch.core.model.Observation;

import dev.upwatch.core.model.Condition;

import dev.upwatch.core.model.Placeholder;

import dev.upwatch.core.model.ConditionResult;

import java.util.Objects;
import java.util.Set;

/**
 * A typed condition {@code <left> <operator> <right>} whose sides are both read or constant, e.g.
 * {@code [RESPONSE_TIME] < 500}.
 */
record Comparison(String expression, Operand left, Operator operator, Operand right) implements Condition {
    Comparison {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(right, "right");
    }

    @Override
    public Set<Placeholder> placeholders() {
        return Operand.placeholders(left, right);
    }

    @Override
    public ConditionResult evaluate(Observation observation) {
        ObservationReader reader = new ObservationReader(observation);
        Reading leftReading = left.read(reader);
        Reading rightReading = right.read(reader);
        boolean success = leftReading instanceof Reading.Present(Value a)
                && rightReading instanceof Reading.Present(Value b)
                && operator.holds(a, b);
        String rendered = left.render(leftReading) + " " + operator + " " + right.render(rightReading);
        return new ConditionResult(expression, rendered, success);
    }

    @Override
    public String toString() {
        return expression;
    }
}
