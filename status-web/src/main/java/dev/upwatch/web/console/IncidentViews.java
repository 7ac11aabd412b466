package dev.upwatch.web.console;

import java.util.List;
import java.util.Objects;

/** The console's incident pages' view models. */
public final class IncidentViews {
    private IncidentViews() {
    }

    /**
     * One incident in a list.
     *
     * @param id       its id
     * @param link     its console page
     * @param title    its title
     * @param kind     automatic, manual or maintenance
     * @param impact   down, degraded or maintenance
     * @param services the affected monitors' ids, comma-separated
     * @param state    the last update's state
     * @param started  when it started, as shown
     * @param datetime when it started, ISO-8601
     * @param resolved when it was resolved, as shown, or empty
     * @param active   true while open
     */
    public record Row(String id, String link, String title, String kind, String impact, String services, String state,
                      String started, String datetime, String resolved, boolean active) {
    }

    /**
     * {@code /admin/incidents}.
     *
     * @param frame    the frame
     * @param rows     newest first
     * @param monitors every monitor, for the services to choose
     * @param form     the form that opens an incident
     */
    public record ListPage(ConsoleFrame frame, List<Row> rows, List<ConsoleForm.Choice> monitors, ConsoleForm form) {
        public ListPage {
            Objects.requireNonNull(frame, "frame");
            rows = List.copyOf(rows);
            monitors = List.copyOf(monitors);
            Objects.requireNonNull(form, "form");
        }
    }

    /** One update of a timeline; {@code datetime} is ISO-8601. */
    public record TimelineEntry(String at, String datetime, String state, String message) {
    }

    /**
     * {@code /admin/incidents/{id}}.
     *
     * @param frame    the frame
     * @param incident the incident
     * @param timeline its updates, newest first
     * @param readOnly why it cannot be changed here, or empty
     * @param active   true while updates may be posted
     * @param monitors every monitor, for the services to choose
     * @param edit     the form that edits the title, impact and services
     * @param update   the form that posts an update
     */
    public record OnePage(ConsoleFrame frame, Row incident, List<TimelineEntry> timeline, String readOnly, boolean active,
                          List<ConsoleForm.Choice> monitors, ConsoleForm edit, ConsoleForm update) {
        public OnePage {
            Objects.requireNonNull(frame, "frame");
            Objects.requireNonNull(incident, "incident");
            timeline = List.copyOf(timeline);
            Objects.requireNonNull(readOnly, "readOnly");
            monitors = List.copyOf(monitors);
            Objects.requireNonNull(edit, "edit");
            Objects.requireNonNull(update, "update");
        }
    }
}
