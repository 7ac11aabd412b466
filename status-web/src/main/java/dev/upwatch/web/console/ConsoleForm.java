package dev.upwatch.web.console;

import dev.upwatch.web.admin.FieldProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A console form as shown again: the values entered, each field's error (from the core's or the loader's refusal,
 * never from rules of the console's own) and an error that belongs to no field.
 *
 * @param values  each field's value as entered; a multi-valued field's values joined by newlines
 * @param chosen  each multi-valued field's chosen values
 * @param errors  each field's problem
 * @param general a problem of the whole form, or empty
 */
public record ConsoleForm(Map<String, String> values, Map<String, Set<String>> chosen, Map<String, String> errors,
                          String general) {
    public ConsoleForm {
        values = Map.copyOf(values);
        chosen = Map.copyOf(chosen);
        errors = Map.copyOf(errors);
        Objects.requireNonNull(general, "general");
    }

    /** An empty form. */
    static ConsoleForm empty() {
        return new ConsoleForm(Map.of(), Map.of(), Map.of(), "");
    }

    /** A form showing {@code values}, with no errors. */
    static ConsoleForm of(Map<String, String> values, Map<String, Set<String>> chosen) {
        return new ConsoleForm(values, chosen, Map.of(), "");
    }

    /** This form with {@code problems}, each put next to the field {@code field} maps its key to. */
    ConsoleForm refused(List<FieldProblem> problems, java.util.function.UnaryOperator<String> field) {
        Map<String, String> byField = new LinkedHashMap<>();
        StringBuilder rest = new StringBuilder();
        for (FieldProblem problem : problems) {
            String name = problem.field().isEmpty() ? "" : field.apply(problem.field());
            String text = (problem.field().isEmpty() || name.equals(problem.field()) ? "" : problem.field() + ": ")
                    + problem.problem();
            if (name.isEmpty() || !values.containsKey(name) && !chosen.containsKey(name)) {
                rest.append(rest.isEmpty() ? "" : "; ").append(problem.field().isEmpty() ? "" : problem.field() + ": ")
                        .append(problem.problem());
            } else {
                byField.merge(name, text, (a, b) -> a + "; " + b);
            }
        }
        return new ConsoleForm(values, chosen, byField, rest.toString());
    }

    /** This form with a problem of the whole form. */
    ConsoleForm refused(String problem) {
        return new ConsoleForm(values, chosen, errors, problem);
    }

    /** The value of {@code field}, or empty (for templates). */
    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** Whether {@code option} is chosen in {@code field} (for templates). */
    public boolean chose(String field, String option) {
        return chosen.getOrDefault(field, Set.of()).contains(option);
    }

    /** The problem of {@code field}, or empty (for templates). */
    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    /**
     * One option of a select or checkbox list.
     *
     * @param value what the form sends
     * @param label what it shows
     */
    public record Choice(String value, String label) {
        public Choice {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(label, "label");
        }
    }
}
