package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigProblem;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is invalid; the message lists every problem with file, line and key. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
