package dev.upwatch.web.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How Upwatch logs to standard output.
 *
 * @param format text lines for people, or one JSON object per line for log shippers
 * @param level  the least severe level logged: {@code trace}, {@code debug}, {@code info}, {@code warn} or {@code error}
 */
public record LoggingConfig(Format format, String level) {
    /** The levels {@code logging.level} accepts. */
    public static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    public LoggingConfig {
        Objects.requireNonNull(format, "format");
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("level must be one of trace, debug, info, warn, error, got '" + level + "'");
        }
    }

    /** Text at {@code info}. */
    public static LoggingConfig defaults() {
        return new LoggingConfig(Format.TEXT, "info");
    }

    /** Output format. */
    public enum Format {
        /** {@code 2026-11-29T04:30:00.123Z INFO  logger - message key=value}. */
        TEXT,
        /** One JSON object per line with {@code timestamp}, {@code level}, {@code logger}, {@code message}, ... */
        JSON;

        /** The format named {@code name} ({@code text} or {@code json}). */
        public static Format of(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException("must be text or json, got '" + name + "'");
            };
        }
    }
}
