package dev.upwatch.web.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where configuration text came from, for error messages, and the environment its variables resolve against.
 *
 * @param name        the file name as given on the command line (or a description of the built-in demo)
 * @param environment environment variables for {@code ${VAR}} substitution
 */
record ConfigSource(String name, Map<String, String> environment) {
    ConfigProblem problem(int line, String key, String what) {
        return new ConfigProblem(name, line, key, what);
    }

    Optional<String> environment(String variable) {
        return Optional.ofNullable(environment.get(variable));
    }
}
