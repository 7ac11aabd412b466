package dev.upwatch.core.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration text with its variables replaced: {@code ${NAME}} by the environment variable {@code NAME},
 * {@code ${NAME:-default}} by it or, when unset, by {@code default}. An unset variable without a default makes the
 * value invalid, reported when it is read.
 */
public final class EnvironmentText {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private EnvironmentText() {
    }

    /** The scalar node of {@code text} with its variables replaced from {@code environment}, or an invalid node. */
    public static ConfigNode scalar(String source, String path, int line, String text, Map<String, String> environment) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            Optional<String> value = Optional.ofNullable(environment.get(name))
                    .or(() -> Optional.ofNullable(matcher.group(2)));
            if (value.isEmpty()) {
                return ConfigNode.invalid(source, path, line, "environment variable " + name
                        + " is not set (write ${" + name + ":-default} to give a default)");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value.get()));
        }
        matcher.appendTail(result);
        return ConfigNode.scalar(source, path, line, result.toString());
    }
}
