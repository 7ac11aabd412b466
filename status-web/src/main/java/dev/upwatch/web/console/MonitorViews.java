package dev.upwatch.web.console;

import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Sample;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The view models of the monitor editor, its delete confirmation and the groups page. */
public final class MonitorViews {
    private MonitorViews() {
    }

    /**
     * The monitor editor.
     *
     * @param frame      the frame
     * @param action     where the form posts ({@code /admin/monitors/new} or the monitor's page)
     * @param id         the monitor's id; empty for a new one
     * @param form       the fields as entered or stored
     * @param errors     each field's problem, by field name ({@code settings} for the YAML keys)
     * @param general    problems of no one field
     * @param readOnly   why the form cannot be saved ("defined in upwatch.yml, line 7"), or empty
     * @param paused     true when the monitor is paused
     * @param types      the probe types, sorted
     * @param check      the result of "Check now", when one ran
     * @param saved      a notice after a change ("Saved."), or empty
     */
    public record Editor(ConsoleFrame frame, String action, String id, MonitorForm form, Map<String, String> errors,
                         List<String> general, String readOnly, boolean paused, List<String> types,
                         Optional<CheckView> check, String saved) {
        public Editor {
            Objects.requireNonNull(frame, "frame");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(form, "form");
            errors = Map.copyOf(errors);
            general = List.copyOf(general);
            Objects.requireNonNull(readOnly, "readOnly");
            types = List.copyOf(types);
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(saved, "saved");
        }

        /** Whether the fields may be changed and saved. */
        public boolean editable() {
            return frame.editor() && readOnly.isEmpty();
        }

        /** The problem of {@code field}, or empty. */
        public String error(String field) {
            return errors.getOrDefault(field, "");
        }

        /** The result of "Check now", or null when none ran (for the template's {@code ??}). */
        public CheckView checkResult() {
            return check.orElse(null);
        }
    }

    /**
     * One "Check now" run as shown.
     *
     * @param outcome    {@code SUCCESS}, {@code FAILURE}, {@code ERROR} or {@code BLOCKED}
     * @param response   the response time as text ({@code 12ms})
     * @param error      what went wrong, or empty
     * @param phases     each timing phase and its duration as text, in the probe's order
     * @param conditions each condition resolved ({@code [STATUS] (200) == 200}) and whether it held
     */
    public record CheckView(String outcome, String response, String error, List<Phase> phases,
                            List<ConditionResult> conditions) {
        public CheckView {
            Objects.requireNonNull(outcome, "outcome");
            phases = List.copyOf(phases);
            conditions = List.copyOf(conditions);
        }

        static CheckView of(Sample sample) {
            return new CheckView(sample.outcome().name(), millis(sample.responseTime()), sample.error().orElse(""),
                    sample.phases().entrySet().stream().map(e -> new Phase(e.getKey(), millis(e.getValue()))).toList(),
                    sample.conditionResults());
        }

        /** Whether the check passed. */
        public boolean success() {
            return outcome.equals("SUCCESS");
        }

        private static String millis(java.time.Duration duration) {
            return duration.toNanos() < 10_000_000L ? String.format(java.util.Locale.ROOT, "%.2fms",
                    duration.toNanos() / 1e6) : DurationText.format(duration.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        }
    }

    /** A timing phase ({@code dns}, {@code connect}, {@code tls}, {@code firstByte}, ...) and its duration as text. */
    public record Phase(String name, String duration) {
    }

    /**
     * The delete confirmation of a monitor.
     *
     * @param frame the frame
     * @param id    the monitor's id
     * @param name  its name
     */
    public record DeleteConfirm(ConsoleFrame frame, String id, String name) {
    }

    /**
     * The groups page.
     *
     * @param frame  the frame
     * @param groups every group in page order
     * @param error  the last change's problem (with its group), or empty
     * @param errorGroup the group whose form the problem belongs to, or empty
     * @param errors the problem by field of that form
     */
    public record Groups(ConsoleFrame frame, List<GroupRow> groups, String error, String errorGroup,
                         Map<String, String> errors) {
        public Groups {
            groups = List.copyOf(groups);
            errors = Map.copyOf(errors);
        }

        /** The problem of {@code field} in the form of {@code group}, or empty. */
        public String problem(String group, String field) {
            return group.equals(errorGroup) ? errors.getOrDefault(field, "") : "";
        }
    }

    /**
     * One group as listed and edited.
     *
     * @param name      its name (and the form's address)
     * @param slug      an id-safe form of the index, for element ids
     * @param shownName the name field's text (as entered after a refused rename)
     * @param position  its position as text
     * @param collapsed whether the page shows it collapsed
     * @param monitors  how many monitors it has
     */
    public record GroupRow(String name, String slug, String shownName, String position, boolean collapsed, int monitors) {
    }
}
