package dev.upwatch.notify;

import dev.upwatch.core.model.Dependencies;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A channel's message template: text with {@code {{variable}}} places from the fixed set {@link Variable}, filled in
 * by plain substitution. There is no expression, loop, include, filter or method call — Kuma's LiquidJS and Cachet's
 * Twig templates were both exploited through theirs — so rendering is one linear pass that cannot fail or reach
 * anything but the event. Values are inserted as text and never scanned again: a reason holding {@code {{7*7}}}
 * shows as written.
 *
 * @param text the template as configured: at most {@link #MAX_LENGTH} characters, every {@code {{ }}} naming a variable
 */
public record MessageTemplate(String text) {
    /** Longest template, in characters: room for a chat message, too short to be a document. */
    public static final int MAX_LENGTH = 2_000;

    /** The values a template may use, each taken from the event. */
    public enum Variable {
        MONITOR_NAME("monitor.name", event -> event.monitor().name()),
        MONITOR_ID("monitor.id", event -> event.monitor().id().value()),
        MONITOR_GROUP("monitor.group", event -> event.monitor().group()),
        STATUS("status", event -> event.change().current().wireName()),
        PREVIOUS("previous", event -> event.change().previous().wireName()),
        EVENT("event", Event::wireName),
        HEADLINE("headline", Event::headline),
        REASON("reason", Event::reason),
        TIME("time", Event::readableTime),
        TIMESTAMP("timestamp", Event::timestamp),
        RESPONSE_TIME("response-time", event -> Long.toString(event.responseTimeMs())),
        URL("url", event -> event.serviceUrl().map(Object::toString).orElse("")),
        AFFECTED("affected", event -> event.change().affected().isEmpty() ? ""
                : Dependencies.names(event.change().affected()));

        private static final Map<String, Variable> BY_NAME = Arrays.stream(values())
                .collect(Collectors.toUnmodifiableMap(Variable::wireName, Function.identity()));
        private final String name;
        private final Function<Event, String> value;

        Variable(String name, Function<Event, String> value) {
            this.name = name;
            this.value = value;
        }

        /** The name written between the braces, e.g. {@code monitor.name}. */
        public String wireName() {
            return name;
        }

        /** This variable's value for {@code event}; empty text when the event has none (no page URL, none affected). */
        public String of(Event event) {
            return value.apply(event);
        }

        /** The variable named {@code name}. */
        public static Optional<Variable> named(String name) {
            return Optional.ofNullable(BY_NAME.get(name));
        }

        /** Every name, comma-separated, in declaration order. */
        public static String names() {
            return Arrays.stream(values()).map(Variable::wireName).collect(Collectors.joining(", "));
        }
    }

    /**
     * @throws IllegalArgumentException for a template over {@link #MAX_LENGTH}, an unclosed {@code {{} or an unknown
     *                                  variable, naming it and the known ones
     */
    public MessageTemplate {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters, got " + text.length());
        }
        scan(text, (from, to) -> { }, variable -> { });
    }

    /** {@code text} as a template, or why it is not one (see the constructor). */
    public static MessageTemplate parse(String text) {
        return new MessageTemplate(text);
    }

    /**
     * The template filled in for {@code event}: each variable's value passed through {@code escape} (the target's
     * markup escaping; JSON escaping is the payload writer's), the template's own text left as written.
     */
    public String render(Event event, UnaryOperator<String> escape) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(escape, "escape");
        StringBuilder out = new StringBuilder(text.length() + 64);
        scan(text, (from, to) -> out.append(text, from, to), variable -> out.append(escape.apply(variable.of(event))));
        return out.toString();
    }

    /** Receives the literal text between {@code from} (inclusive) and {@code to} (exclusive). */
    private interface Literal {
        void accept(int from, int to);
    }

    /**
     * One pass over {@code text}: literal runs and variables in order. {@code {{ name }}} (spaces allowed) is a
     * variable; a lone brace or a {@code }}} without an opening is text.
     */
    private static void scan(String text, Literal literal, java.util.function.Consumer<Variable> variable) {
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                literal.accept(at, text.length());
                return;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '{{' at character " + (open + 1));
            }
            String name = text.substring(open + 2, close).strip();
            Variable known = Variable.named(name).orElseThrow(() -> new IllegalArgumentException(
                    "unknown variable '" + PayloadFormat.shorten(name, 40) + "' (known: " + Variable.names() + ")"));
            literal.accept(at, open);
            variable.accept(known);
            at = close + 2;
        }
    }
}
