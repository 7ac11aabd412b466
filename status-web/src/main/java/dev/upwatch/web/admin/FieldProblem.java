package dev.upwatch.web.admin;

import dev.upwatch.core.config.InvalidConfigException;

import java.util.List;
import java.util.Objects;

/**
 * One bad field of an admin request body.
 *
 * @param field   the field's path in the body, e.g. {@code url} or {@code conditions[1]}; empty for the whole body
 * @param problem what is wrong with it
 */
public record FieldProblem(String field, String problem) {
    public FieldProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    /** The problems of a definition read with the configuration file's rules: one per field, its key path. */
    static List<FieldProblem> of(InvalidConfigException e) {
        return e.problems().stream().map(p -> new FieldProblem(p.key(), p.problem())).toList();
    }
}
