package dev.upwatch.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration or definition is invalid; carries every problem with source, line and key path. */
public class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, in source order. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
