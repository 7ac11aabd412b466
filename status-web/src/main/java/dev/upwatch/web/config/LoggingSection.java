package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigReader;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads {@code logging}: format and level. */
final class LoggingSection {
    static final Set<String> KEYS = Set.of("format", "level");

    private LoggingSection() {
    }

    /** The logging settings; empty when any problem was noted. */
    static Optional<LoggingConfig> read(ConfigMap map) {
        ConfigReader reader = map.reader();
        int before = reader.count();
        LoggingConfig.Format format = map.parsed("format", LoggingConfig.Format::of).orElse(LoggingConfig.Format.TEXT);
        String level = map.parsed("level", LoggingSection::level).orElse("info");
        return reader.count() > before ? Optional.empty() : Optional.of(new LoggingConfig(format, level));
    }

    private static String level(String text) {
        String level = text.trim().toLowerCase(Locale.ROOT);
        if (!LoggingConfig.LEVELS.contains(level)) {
            throw new IllegalArgumentException("must be one of trace, debug, info, warn, error, got '" + level + "'");
        }
        return level;
    }
}
