package dev.upwatch.core.condition;

import java.util.Optional;

/** A comparison operator of the condition language. */
enum Operator {
    EQUAL("=="),
    NOT_EQUAL("!="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written. */
    String symbol() {
        return symbol;
    }

    /** True for {@code <}, {@code <=}, {@code >}, {@code >=}, which need numbers or durations. */
    boolean ordering() {
        return this != EQUAL && this != NOT_EQUAL;
    }

    /** The operator written {@code symbol}, if any. */
    static Optional<Operator> bySymbol(String symbol) {
        for (Operator operator : values()) {
            if (operator.symbol.equals(symbol)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code left <op> right} holds; an ordering between values that are not both numbers or durations fails. */
    boolean holds(Value left, Value right) {
        return switch (this) {
            case EQUAL -> Value.equal(left, right);
            case NOT_EQUAL -> !Value.equal(left, right);
            default -> Value.order(left, right).map(this::holdsForOrder).orElse(false);
        };
    }

    private boolean holdsForOrder(int order) {
        return switch (this) {
            case LESS -> order < 0;
            case LESS_OR_EQUAL -> order <= 0;
            case GREATER -> order > 0;
            case GREATER_OR_EQUAL -> order >= 0;
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
        };
    }

    @Override
    public String toString() {
        return symbol;
    }
}
