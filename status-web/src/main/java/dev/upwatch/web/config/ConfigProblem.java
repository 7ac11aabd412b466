package dev.upwatch.web.config;

import java.util.Objects;

/**
 * One thing wrong in a configuration file.
 *
 * @param file    the file, as given
 * @param line    1-based line of the offending value (0 when the file could not be read)
 * @param key     the key path, e.g. {@code monitors[2].url}
 * @param problem what is wrong
 */
public record ConfigProblem(String file, int line, String key, String problem) {
    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + problem;
    }
}
