package dev.upwatch.core.config;

import java.util.Objects;

/**
 * One thing wrong in a configuration, located by source, line and key path; prints as
 * {@code file:line: key.path: problem}.
 *
 * @param file    the source, as given: a file name, or e.g. {@code request} for an admin API body
 * @param line    1-based line of the offending value; 0 when the source has no lines (a JSON body) or could not be
 *                read
 * @param key     the key path, e.g. {@code monitors[2].url}; empty for the whole source
 * @param problem what is wrong
 */
public record ConfigProblem(String file, int line, String key, String problem) {
    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(problem, "problem");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative, got " + line);
        }
    }

    /**
     * {@code file:line: key.path: problem} on one line: line breaks and other control characters of a quoted value
     * are escaped ({@code \n}, {@code \u001b}), so that each problem stays one line and a value cannot drive the
     * terminal it is printed on.
     */
    @Override
    public String toString() {
        return escaped(file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }

    private static String escaped(String text) {
        StringBuilder result = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                result.append("\\n");
            } else if (Character.isISOControl(c) && c != '\t') {
                result.append(String.format("\\u%04x", c));
            } else {
                result.appendCodePoint(c);
            }
        });
        return result.toString();
    }
}
