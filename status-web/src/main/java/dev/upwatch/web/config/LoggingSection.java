package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigReader;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads {@code logging}: format and level. */
final class LoggingSection {
    static final Set<String> KEYS = Set.of("format", "level");
    /** The levels, least severe first. */
    private static final Map<String, String> LEVELS = Stream.of("trace", "debug", "info", "warn", "error")
            .collect(Collectors.toMap(level -> level, level -> level, (a, b) -> a, LinkedHashMap::new));

    private LoggingSection() {
    }

    /** The logging settings; empty when any problem was noted. */
    static Optional<LoggingConfig> read(ConfigMap map) {
        ConfigReader reader = map.reader();
        int before = reader.count();
        LoggingConfig.Format format = map.parsed("format", LoggingConfig.Format::of).orElse(LoggingConfig.Format.TEXT);
        String level = map.choice("level", LEVELS).orElse("info");
        return reader.count() > before ? Optional.empty() : Optional.of(new LoggingConfig(format, level));
    }
}
