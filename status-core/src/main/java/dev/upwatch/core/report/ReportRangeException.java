package dev.upwatch.core.report;

import java.util.Objects;

/** A report or export period that cannot be answered exactly; names the request parameter at fault. */
public final class ReportRangeException extends IllegalArgumentException {
    private final String parameter;
    private final String problem;

    /**
     * @param parameter the parameter at fault, e.g. {@code from}
     * @param problem   what is wrong with it, e.g. {@code must be a whole minute}
     */
    public ReportRangeException(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = Objects.requireNonNull(parameter, "parameter");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The parameter at fault. */
    public String parameter() {
        return parameter;
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }
}
