package dev.upwatch.core.condition;

import dev.upwatch.core.model.Condition;

import dev.upwatch.core.model.Placeholder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Parses a Gatus-style condition such as {@code [STATUS] == 200} or {@code [BODY].status == UP} into a typed,
 * immutable {@link Condition}, once, when the configuration loads.
 *
 * <p>Grammar: {@code <side> <op> <side>}, with {@code op} one of {@code == != < <= > >=}. A side is a placeholder
 * ({@code [STATUS]}, {@code [BODY].items[0].id}, {@code [HEADER].content-type}, ...), {@code len(<placeholder>)},
 * {@code has(<placeholder>)}, or a literal: a number, a duration ({@code 500ms}), {@code true}/{@code false}, bare
 * text without spaces or {@code "quoted text"} ({@code \"} and {@code \\} escape). {@code pat(<glob>)},
 * {@code re(<regex>)} and {@code any(<v>, ...)} are allowed on the right side with {@code ==} or {@code !=} only. Both sides are typed
 * against each other; see {@link Placeholder} for the type of each placeholder.
 */
public final class ConditionParser {
    private static final String OPERATORS = "==, !=, <, <=, >, >=";
    private static final String SHAPE = "write <value> <operator> <value>, e.g. [STATUS] == 200";
    private static final List<String> FUNCTIONS = List.of("len", "has", "pat", "re", "any");
    /** Besides whitespace, the characters that end bare text, JSON path names and function names. */
    private static final String DELIMITERS = "[]()\"=!<>";
    private static final String OPERATOR_CHARACTERS = "=!<>";
    /** Besides ASCII letters and digits, the characters allowed in a header name (RFC 9110 token, less {@code !}). */
    private static final String HEADER_NAME_SYMBOLS = "-_.#$%&'*+^`|~";
    private static final int SHOWN_TOKEN_LENGTH = 20;

    private final String text;
    private int position;

    private ConditionParser(String text) {
        this.text = text;
    }

    /**
     * Parses and type-checks one condition.
     *
     * @throws ConditionSyntaxException naming the position and what is wrong, when the text is not a well-typed condition
     */
    public static Condition parse(String text) {
        Objects.requireNonNull(text, "text");
        return new ConditionParser(text).condition();
    }

    private Condition condition() {
        skipWhitespace();
        if (atEnd()) {
            throw error(position, "empty condition", SHAPE);
        }
        Term left = term(true);
        skipWhitespace();
        int operatorAt = position;
        Operator operator = operator();
        skipWhitespace();
        Term right = term(false);
        skipWhitespace();
        if (!atEnd()) {
            throw trailing();
        }
        return new TypeChecker(text).check(left, operatorAt, operator, right);
    }

    private Term term(boolean left) {
        int start = position;
        if (atEnd()) {
            throw error(start, left ? "empty left side" : "empty right side", SHAPE);
        }
        char c = peek();
        if (c == '[') {
            return new Term.Read(reference(), start);
        }
        if (c == '"') {
            String value = quoted();
            return new Term.Literal(text.substring(start, position), start, value, true);
        }
        if (c == ')' || c == ']') {
            throw unbalanced(start);
        }
        if (OPERATOR_CHARACTERS.indexOf(c) >= 0) {
            throw left ? error(start, "empty left side", SHAPE)
                    : error(start, "unexpected '" + c + "' after the operator", "expected a value, e.g. [STATUS] == 200");
        }
        if (c == '(') {
            throw error(start, "unexpected '('", "parentheses belong to functions such as len([BODY])");
        }
        String word = word(false);
        if (!atEnd() && peek() == '(') {
            return function(word, start);
        }
        return new Term.Literal(word, start, word, false);
    }

    private Term function(String name, int start) {
        int open = position++;
        return switch (name) {
            case "len", "has" -> new Term.Read(placeholderFunction(name, start, open), start);
            case "pat" -> pattern(start, open);
            case "re" -> regex(start, open);
            case "any" -> choice(start, open);
            default -> throw error(start, "unknown function " + name + "()",
                    "known: " + FUNCTIONS.stream().map(f -> f + "()").collect(Collectors.joining(", "))
                            + suggestion(name, FUNCTIONS).map(f -> "; did you mean " + f + "()?").orElse(""));
        };
    }

    private Operand placeholderFunction(String name, int start, int open) {
        skipWhitespace();
        int argumentAt = position;
        if (atEnd()) {
            throw unclosed(open);
        }
        if (peek() != '[') {
            throw error(argumentAt, name + "() takes a placeholder", "e.g. " + name + "([BODY].items)");
        }
        Operand.Reference argument = reference();
        skipWhitespace();
        close(open);
        String source = text.substring(start, position);
        if (name.equals("len")) {
            TypeChecker.Type type = TypeChecker.typeOf(argument);
            if (type != TypeChecker.Type.TEXT && !type.dynamic()) {
                throw error(argumentAt, "len() measures text or a JSON value, but " + argument.source() + " is "
                        + type, "e.g. len([BODY]) or len([BODY].items)");
            }
            return new Operand.Length(source, argument);
        }
        if (argument.path().isEmpty() && argument.header().isEmpty()) {
            throw error(argumentAt, "has() takes a JSON path or a header, not " + argument.source(),
                    "e.g. has([BODY].errors) or has([HEADER].etag)");
        }
        return new Operand.Presence(source, argument);
    }

    private Term pattern(int start, int open) {
        String glob = patternArgument(open);
        if (glob.isEmpty()) {
            throw error(open + 1, "pat() needs a pattern", "e.g. pat(*ok*), where * matches any text");
        }
        return new Term.Pattern(text.substring(start, position), start, glob);
    }

    private Term regex(int start, int open) {
        String expression = patternArgument(open);
        if (expression.isEmpty()) {
            throw error(open + 1, "re() needs a regular expression", "e.g. re(^2\\d\\d$)");
        }
        java.util.regex.Pattern compiled;
        try {
            compiled = java.util.regex.Pattern.compile(expression);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw error(open + 1, "invalid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""), "Java regular expression syntax; quote it if it contains spaces");
        } catch (StackOverflowError e) {
            throw error(open + 1, "regular expression too deeply nested", "simplify it");
        }
        return new Term.Regex(text.substring(start, position), start, compiled);
    }

    /** The argument of {@code pat(...)} or {@code re(...)}: quoted text, or everything up to the balancing ')'. */
    private String patternArgument(int open) {
        skipWhitespace();
        if (!atEnd() && peek() == '"') {
            String quoted = quoted();
            skipWhitespace();
            close(open);
            return quoted;
        }
        int from = position;
        int depth = 0;
        while (true) {
            if (atEnd()) {
                throw unclosed(open);
            }
            char c = peek();
            if (c == ')' && depth == 0) {
                break;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            position++;
        }
        String argument = text.substring(from, position).strip();
        position++;
        return argument;
    }

    private Term choice(int start, int open) {
        List<Term.Literal> options = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (atEnd()) {
                throw unclosed(open);
            }
            int at = position;
            char c = peek();
            if (c == ')' || c == ',') {
                throw options.isEmpty() && c == ')'
                        ? error(at, "any() needs at least one value", "e.g. any(200, 204)")
                        : error(at, "empty value in any()", "e.g. any(200, 204)");
            }
            if (c == '"') {
                String value = quoted();
                options.add(new Term.Literal(text.substring(at, position), at, value, true));
            } else if (DELIMITERS.indexOf(c) >= 0) {
                throw error(at, "any() takes values such as 200 or UP, not '" + c + "'",
                        "quote values that contain special characters");
            } else {
                String word = word(true);
                if (!atEnd() && peek() == '(') {
                    throw error(at, "any() takes values, not functions", "e.g. any(200, 204)");
                }
                options.add(new Term.Literal(word, at, word, false));
            }
            skipWhitespace();
            if (atEnd()) {
                throw unclosed(open);
            }
            if (peek() == ')') {
                position++;
                return new Term.Choice(text.substring(start, position), start, options);
            }
            if (peek() != ',') {
                throw error(position, "expected , or ) in any()", "quote values that contain spaces");
            }
            position++;
        }
    }

    private Operand.Reference reference() {
        int start = position++;
        int nameStart = position;
        while (!atEnd() && isNameCharacter(peek())) {
            position++;
        }
        String name = text.substring(nameStart, position);
        if (atEnd() || peek() != ']') {
            if (text.indexOf(']', position) < 0) {
                throw error(start, "unclosed [", "placeholders are written [NAME], e.g. [STATUS]");
            }
            throw error(position, "unexpected '" + peek() + "' in a placeholder name",
                    "placeholders are written [NAME], e.g. [STATUS]");
        }
        position++;
        Placeholder placeholder = placeholder(name, start);
        return switch (placeholder) {
            case BODY -> {
                Optional<JsonPath> path = jsonPath();
                yield new Operand.Reference(text.substring(start, position), placeholder, Optional.empty(), path);
            }
            case HEADER -> {
                String header = headerName();
                yield new Operand.Reference(text.substring(start, position), placeholder, Optional.of(header),
                        Optional.empty());
            }
            default -> {
                if (!atEnd() && (peek() == '.' || peek() == '[')) {
                    throw error(position, "[" + name + "] takes no path",
                            "only [BODY] reads a JSON path, e.g. [BODY].status, and [HEADER] a header name");
                }
                yield new Operand.Reference(text.substring(start, position), placeholder, Optional.empty(),
                        Optional.empty());
            }
        };
    }

    private Placeholder placeholder(String name, int start) {
        for (Placeholder placeholder : Placeholder.values()) {
            if (placeholder.name().equals(name)) {
                return placeholder;
            }
        }
        List<String> known = Arrays.stream(Placeholder.values()).map(Placeholder::name).toList();
        throw error(start, "unknown placeholder [" + name + "]",
                "known: " + known.stream().map(p -> "[" + p + "]").collect(Collectors.joining(", "))
                        + suggestion(name, known).map(p -> "; did you mean [" + p + "]?").orElse(""));
    }

    private Optional<JsonPath> jsonPath() {
        List<JsonPath.Step> steps = new ArrayList<>();
        while (!atEnd()) {
            char c = peek();
            if (c == '.') {
                position++;
                int nameStart = position;
                while (!atEnd() && !Character.isWhitespace(peek()) && peek() != '.'
                        && DELIMITERS.indexOf(peek()) < 0) {
                    position++;
                }
                if (position == nameStart) {
                    throw error(nameStart, "empty name in a JSON path", "e.g. [BODY].status or [BODY].items[0].id");
                }
                steps.add(new JsonPath.Member(text.substring(nameStart, position)));
            } else if (c == '[') {
                int open = position++;
                int digitsStart = position;
                while (!atEnd() && peek() >= '0' && peek() <= '9') {
                    position++;
                }
                if (position == digitsStart) {
                    if (atEnd()) {
                        throw error(open, "unclosed [", "e.g. [BODY].items[0]");
                    }
                    throw error(position, "expected an array index such as [0]", "e.g. [BODY].items[0]");
                }
                if (position - digitsStart > 9) {
                    throw error(digitsStart, "array index too large", "indexes count from 0");
                }
                if (atEnd()) {
                    throw error(open, "unclosed [", "e.g. [BODY].items[0]");
                }
                if (peek() != ']') {
                    throw error(position, "expected ] to close [ at position " + open, "e.g. [BODY].items[0]");
                }
                steps.add(new JsonPath.Index(Integer.parseInt(text.substring(digitsStart, position))));
                position++;
            } else {
                break;
            }
        }
        return steps.isEmpty() ? Optional.empty() : Optional.of(new JsonPath(steps));
    }

    private String headerName() {
        if (atEnd() || peek() != '.') {
            throw error(position, "[HEADER] needs a header name", "e.g. [HEADER].content-type");
        }
        position++;
        int nameStart = position;
        while (!atEnd() && isHeaderNameCharacter(peek())) {
            position++;
        }
        if (position == nameStart) {
            throw error(nameStart, "[HEADER] needs a header name", "e.g. [HEADER].content-type");
        }
        return text.substring(nameStart, position);
    }

    private Operator operator() {
        int at = position;
        if (atEnd()) {
            throw error(at, "missing operator", "expected one of " + OPERATORS);
        }
        int end = at;
        while (end < text.length() && OPERATOR_CHARACTERS.indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        if (end == at) {
            char c = peek();
            if (c == ')' || c == ']') {
                throw unbalanced(at);
            }
            throw error(at, "missing operator before '" + token(at) + "'", "expected one of " + OPERATORS);
        }
        String symbol = text.substring(at, end);
        Operator operator = Operator.bySymbol(symbol)
                .orElseThrow(() -> error(at, "unknown operator " + symbol, "expected one of " + OPERATORS));
        position = end;
        return operator;
    }

    private String quoted() {
        int start = position++;
        StringBuilder value = new StringBuilder();
        while (!atEnd()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                if (atEnd()) {
                    break;
                }
                value.append(text.charAt(position++));
            } else {
                value.append(c);
            }
        }
        throw error(start, "unclosed quote", "end the text with \"");
    }

    private String word(boolean inList) {
        int start = position;
        while (!atEnd()) {
            char c = peek();
            if (Character.isWhitespace(c) || DELIMITERS.indexOf(c) >= 0 || (inList && c == ',')) {
                break;
            }
            position++;
        }
        return text.substring(start, position);
    }

    private void close(int open) {
        if (atEnd()) {
            throw unclosed(open);
        }
        if (peek() != ')') {
            throw error(position, "expected ) to close ( at position " + open, "functions take one argument");
        }
        position++;
    }

    private ConditionSyntaxException trailing() {
        int at = position;
        char c = peek();
        if (c == ')' || c == ']') {
            return unbalanced(at);
        }
        if (c == '"' && text.indexOf('"', at + 1) < 0) {
            return error(at, "unclosed quote", "end the text with \"");
        }
        return error(at, "unexpected '" + token(at) + "' after the condition",
                "a condition compares two values; quote text that contains spaces, e.g. \"all good\"");
    }

    private ConditionSyntaxException unbalanced(int at) {
        char c = text.charAt(at);
        return error(at, "unbalanced " + c, "no " + (c == ')' ? '(' : '[') + " opens it");
    }

    private ConditionSyntaxException unclosed(int open) {
        return error(open, "unclosed (", "close it with )");
    }

    private String token(int at) {
        int end = at;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return end - at > SHOWN_TOKEN_LENGTH ? text.substring(at, at + SHOWN_TOKEN_LENGTH) + "…" : text.substring(at, end);
    }

    /** The candidate {@code name} is most likely a misspelling of: same letters in another case, or a few edits away. */
    private static Optional<String> suggestion(String name, List<String> candidates) {
        String upper = name.toUpperCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = editDistance(upper, candidate.toUpperCase(Locale.ROOT));
            if (distance <= Math.min(2, candidate.length() / 3) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2 || a.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static boolean isNameCharacter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isHeaderNameCharacter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || HEADER_NAME_SYMBOLS.indexOf(c) >= 0;
    }

    private void skipWhitespace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            position++;
        }
    }

    private boolean atEnd() {
        return position >= text.length();
    }

    private char peek() {
        return text.charAt(position);
    }

    private ConditionSyntaxException error(int at, String reason, String hint) {
        return new ConditionSyntaxException(text, at, reason, hint);
    }
}
