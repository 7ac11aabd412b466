package dev.upwatch.web.admin;

import java.util.List;
import java.util.stream.Collectors;

/** An admin request body is malformed or breaks a limit; answered 400 with every problem by field. */
public final class InvalidRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldProblem> problems;

    InvalidRequest(List<FieldProblem> problems) {
        super(problems.stream().map(p -> p.field() + ": " + p.problem()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, by field. */
    public List<FieldProblem> problems() {
        return problems;
    }
}
