package dev.upwatch.core.condition;

import dev.upwatch.core.model.Condition;

import dev.upwatch.core.condition.Match.AnyOf;
import dev.upwatch.core.condition.Match.Glob;
import dev.upwatch.core.condition.Value.BooleanValue;
import dev.upwatch.core.condition.Value.DurationValue;
import dev.upwatch.core.condition.Value.LiteralValue;
import dev.upwatch.core.condition.Value.NumberValue;
import dev.upwatch.core.condition.Value.PercentValue;
import dev.upwatch.core.condition.Value.TextValue;
import dev.upwatch.core.model.DurationText;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Types the two sides of a parsed condition against each other and builds the typed tree: literals become constants
 * of the other side's type, and operators that make no sense for a type are rejected at load time.
 */
final class TypeChecker {
    private static final Pattern WHOLE_MILLISECONDS = Pattern.compile("-?\\d+");

    /** The static type of an operand. */
    enum Type {
        NUMBER("a number"),
        DURATION("a duration"),
        BOOLEAN("a boolean"),
        TEXT("text"),
        /** A share in percent: {@code 10%}, or a bare {@code 10}. */
        PERCENT("a percentage"),
        /** A JSON path: number, text, boolean or structure, known only when the check runs. */
        JSON("a JSON value"),
        /** A query's result: a number or text, known only when the check runs; compares as a JSON value does. */
        RESULT("a query result");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        /** Whether values of this type are known only when the check runs (a number, text or boolean then). */
        boolean dynamic() {
            return this == JSON || this == RESULT;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private final String text;

    TypeChecker(String text) {
        this.text = text;
    }

    /** The type {@code operand} has whatever it is compared with. */
    static Type typeOf(Operand operand) {
        return switch (operand) {
            case Operand.Reference reference -> switch (reference.placeholder()) {
                case STATUS -> Type.NUMBER;
                case RESPONSE_TIME, CERTIFICATE_EXPIRATION, DOMAIN_EXPIRATION -> Type.DURATION;
                case CONNECTED, DNSSEC -> Type.BOOLEAN;
                case PACKET_LOSS -> Type.PERCENT;
                case RESULT -> Type.RESULT;
                case BODY -> reference.path().isPresent() ? Type.JSON : Type.TEXT;
                case HEADER, IP, DNS_RCODE, GRPC_STATUS -> Type.TEXT;
            };
            case Operand.Length length -> Type.NUMBER;
            case Operand.Presence presence -> Type.BOOLEAN;
            case Operand.Constant constant -> switch (constant.value()) {
                case NumberValue number -> Type.NUMBER;
                case DurationValue duration -> Type.DURATION;
                case BooleanValue bool -> Type.BOOLEAN;
                case TextValue textValue -> Type.TEXT;
                case PercentValue percent -> Type.PERCENT;
                default -> Type.JSON;
            };
        };
    }

    /** The typed condition {@code left operator right}, or the first type error in it. */
    Condition check(Term left, int operatorAt, Operator operator, Term right) {
        return switch (left) {
            case Term.Pattern pattern -> throw rightSideOnly(pattern, "pat()");
            case Term.Regex regex -> throw rightSideOnly(regex, "re()");
            case Term.Choice choice -> throw rightSideOnly(choice, "any()");
            case Term.Literal literal -> switch (right) {
                case Term.Read read -> {
                    Operand constant = constant(literal, read.operand(), operatorAt, operator);
                    yield new Comparison(text, constant, operator, read.operand());
                }
                case Term.Literal other -> throw error(literal.position(), "both sides are literals",
                        "one side must read a placeholder such as [STATUS]");
                case Term.Pattern pattern -> throw error(literal.position(), "pat() needs a placeholder on the left",
                        "e.g. [BODY] == pat(*ok*)");
                case Term.Regex regex -> throw error(literal.position(), "re() needs a placeholder on the left",
                        "e.g. [BODY] == re(^ok$)");
                case Term.Choice choice -> throw error(literal.position(), "any() needs a placeholder on the left",
                        "e.g. [STATUS] == any(200, 204)");
            };
            case Term.Read read -> switch (right) {
                case Term.Read other -> comparison(read, operatorAt, operator, other);
                case Term.Literal literal -> {
                    Operand constant = constant(literal, read.operand(), operatorAt, operator);
                    yield new Comparison(text, read.operand(), operator, constant);
                }
                case Term.Pattern pattern -> pattern(read.operand(), operatorAt, operator, pattern);
                case Term.Regex regex -> regex(read.operand(), operatorAt, operator, regex);
                case Term.Choice choice -> choice(read.operand(), operatorAt, operator, choice);
            };
        };
    }

    private Condition comparison(Term.Read left, int operatorAt, Operator operator, Term.Read right) {
        Type a = typeOf(left.operand());
        Type b = typeOf(right.operand());
        boolean compatible;
        if (operator.ordering()) {
            requireOrderable(left.operand(), a, operatorAt, operator);
            requireOrderable(right.operand(), b, operatorAt, operator);
            compatible = (a == Type.DURATION) == (b == Type.DURATION);
        } else {
            compatible = a == b || (a.dynamic() && b != Type.DURATION) || (b.dynamic() && a != Type.DURATION);
        }
        if (!compatible) {
            throw error(right.position(), "cannot compare " + left.source() + " (" + a + ") with " + right.source()
                    + " (" + b + ")", "both sides must be of the same type");
        }
        return new Comparison(text, left.operand(), operator, right.operand());
    }

    private Condition pattern(Operand left, int operatorAt, Operator operator, Term.Pattern pattern) {
        requireMatchOperator(operatorAt, operator, "pat()", "e.g. [BODY] == pat(*ok*)");
        Type type = typeOf(left);
        if (type == Type.BOOLEAN || type == Type.DURATION) {
            throw error(pattern.position(), "pat() matches text, but " + left.source() + " is " + type,
                    type == Type.BOOLEAN ? "compare it with true or false" : "compare it with < or >");
        }
        return new Match(text, left, operator, new Glob(pattern.source(), pattern.glob()));
    }

    private Condition regex(Operand left, int operatorAt, Operator operator, Term.Regex regex) {
        requireMatchOperator(operatorAt, operator, "re()", "e.g. [BODY] == re(^ok$)");
        Type type = typeOf(left);
        if (type == Type.BOOLEAN || type == Type.DURATION) {
            throw error(regex.position(), "re() matches text, but " + left.source() + " is " + type,
                    type == Type.BOOLEAN ? "compare it with true or false" : "compare it with < or >");
        }
        return new Match(text, left, operator, new Match.Regex(regex.source(), regex.regex()));
    }

    private Condition choice(Operand left, int operatorAt, Operator operator, Term.Choice choice) {
        requireMatchOperator(operatorAt, operator, "any()", "e.g. [STATUS] == any(200, 204)");
        return new Match(text, left, operator, new AnyOf(choice.source(), choice.options().stream()
                .map(option -> value(option, left, typeOf(left), operator))
                .toList()));
    }

    private Operand constant(Term.Literal literal, Operand other, int operatorAt, Operator operator) {
        Type type = typeOf(other);
        requireOrderable(other, type, operatorAt, operator);
        return new Operand.Constant(literal.source(), value(literal, other, type, operator));
    }

    /** {@code literal} as a value of {@code type}, the type of the operand it is compared with. */
    private Value value(Term.Literal literal, Operand other, Type type, Operator operator) {
        String written = literal.text();
        boolean bare = !literal.quoted();
        Optional<BigDecimal> number = bare ? Value.parseNumber(written) : Optional.empty();
        return switch (type) {
            case NUMBER -> number.<Value>map(n -> new NumberValue(n, written)).orElseThrow(() ->
                    mismatch(literal, other, type, "write a number such as 200"));
            case DURATION -> duration(literal).<Value>map(DurationValue::new).orElseThrow(() ->
                    mismatch(literal, other, type,
                            "write a duration such as 500ms, 1m30s or 48h, or a whole number of milliseconds"));
            case BOOLEAN -> {
                if (bare && (written.equals("true") || written.equals("false"))) {
                    yield new BooleanValue(Boolean.parseBoolean(written));
                }
                throw number.isPresent()
                        ? error(literal.position(), "cannot compare " + other.source() + ", a boolean, with the number "
                                + literal.source(), "use true or false")
                        : mismatch(literal, other, type, "use true or false");
            }
            case TEXT -> new TextValue(written);
            case PERCENT -> percent(literal).<Value>map(PercentValue::new).orElseThrow(() ->
                    mismatch(literal, other, type, "write a percentage such as 10% (or 10)"));
            case JSON, RESULT -> {
                if (operator.ordering() && number.isEmpty()) {
                    throw error(literal.position(), "operator " + operator + " compares " + other.source()
                            + " as a number, but " + literal.source() + " is not a number", "use == or != for text");
                }
                Optional<Boolean> truth = bare && (written.equals("true") || written.equals("false"))
                        ? Optional.of(Boolean.parseBoolean(written))
                        : Optional.empty();
                yield new LiteralValue(written, number, truth);
            }
        };
    }

    /** A percentage literal: a number, optionally followed by {@code %}, e.g. {@code 10%}, {@code 2.5%} or {@code 0}. */
    private static Optional<BigDecimal> percent(Term.Literal literal) {
        if (literal.quoted()) {
            return Optional.empty();
        }
        String written = literal.text();
        return Value.parseNumber(written.endsWith("%") ? written.substring(0, written.length() - 1) : written);
    }

    /** A duration literal: with units as {@link DurationText} reads them, or a bare whole number of milliseconds. */
    private static Optional<Duration> duration(Term.Literal literal) {
        if (literal.quoted()) {
            return Optional.empty();
        }
        String written = literal.text();
        try {
            if (WHOLE_MILLISECONDS.matcher(written).matches()) {
                return Optional.of(Duration.ofMillis(Long.parseLong(written)));
            }
            return Optional.of(DurationText.parse(written));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private ConditionSyntaxException mismatch(Term.Literal literal, Operand other, Type type, String hint) {
        return literal.quoted()
                ? error(literal.position(), other.source() + " is " + type + ", but " + literal.source()
                        + " is quoted text", "drop the quotes")
                : error(literal.position(), other.source() + " is " + type + ", but " + literal.source() + " is not",
                        hint);
    }

    private void requireOrderable(Operand operand, Type type, int operatorAt, Operator operator) {
        if (!operator.ordering()) {
            return;
        }
        if (type == Type.BOOLEAN) {
            throw error(operatorAt, "operator " + operator + " cannot order " + operand.source()
                    + ", which is a boolean", "use == or !=");
        }
        if (type == Type.TEXT) {
            throw error(operatorAt, "operator " + operator + " cannot order " + operand.source() + ", which is text",
                    "use == or != or pat(); a JSON path such as [BODY].count compares as a number");
        }
    }

    private void requireMatchOperator(int operatorAt, Operator operator, String function, String example) {
        if (operator.ordering()) {
            throw error(operatorAt, function + " works only with == or !=, not " + operator, example);
        }
    }

    private ConditionSyntaxException rightSideOnly(Term term, String function) {
        return error(term.position(), function + " is only allowed on the right side",
                "e.g. [BODY] == pat(*ok*) or [STATUS] == any(200, 204)");
    }

    private ConditionSyntaxException error(int at, String reason, String hint) {
        return new ConditionSyntaxException(text, at, reason, hint);
    }
}
