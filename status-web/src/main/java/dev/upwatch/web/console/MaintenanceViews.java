package dev.upwatch.web.console;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The console's maintenance pages' view models. */
public final class MaintenanceViews {
    private MaintenanceViews() {
    }

    /**
     * One opening of a window.
     *
     * @param start         when it opens, as shown
     * @param startDatetime when it opens, ISO-8601
     * @param end           when it closes, as shown
     * @param endDatetime   when it closes, ISO-8601
     * @param open          true while it is open
     */
    public record Opening(String start, String startDatetime, String end, String endDatetime, boolean open) {
    }

    /**
     * One window in a list.
     *
     * @param id           its id ({@code config-N} for the file's)
     * @param link         its console page
     * @param title        its title
     * @param monitors     the covered monitors' ids, comma-separated
     * @param schedule     the RRULE, cron expression or one-off start
     * @param duration     how long each opening lasts
     * @param next         the opening in progress or the next within a year, as shown, or empty
     * @param nextDatetime the same, ISO-8601, or empty
     * @param open         true while it is open
     * @param owner        {@code config} or {@code api}
     * @param origin       where it is defined, for people
     */
    public record Row(String id, String link, String title, String monitors, String schedule, String duration,
                      String next, String nextDatetime, boolean open, String owner, String origin) {
    }

    /**
     * {@code /admin/maintenance}.
     *
     * @param frame    the frame
     * @param rows     the file's windows first
     * @param monitors every monitor, to choose from
     * @param form     the form that creates a window
     * @param preview  the next openings of the form's schedule, when previewed
     */
    public record ListPage(ConsoleFrame frame, List<Row> rows, List<ConsoleForm.Choice> monitors, ConsoleForm form,
                           Optional<List<Opening>> preview) {
        public ListPage {
            Objects.requireNonNull(frame, "frame");
            rows = List.copyOf(rows);
            monitors = List.copyOf(monitors);
            Objects.requireNonNull(form, "form");
            Objects.requireNonNull(preview, "preview");
        }

        /** The preview, or null when there is none (for templates). */
        public List<Opening> previewed() {
            return preview.orElse(null);
        }
    }

    /**
     * {@code /admin/maintenance/{id}}.
     *
     * @param frame    the frame
     * @param window   the window
     * @param openings its opening in progress and next ones
     * @param readOnly why it cannot be changed here, or empty
     * @param monitors every monitor, to choose from
     * @param form     the form that edits it
     * @param preview  the next openings of the edited schedule, when previewed
     */
    public record OnePage(ConsoleFrame frame, Row window, List<Opening> openings, String readOnly,
                          List<ConsoleForm.Choice> monitors, ConsoleForm form, Optional<List<Opening>> preview) {
        public OnePage {
            Objects.requireNonNull(frame, "frame");
            Objects.requireNonNull(window, "window");
            openings = List.copyOf(openings);
            Objects.requireNonNull(readOnly, "readOnly");
            monitors = List.copyOf(monitors);
            Objects.requireNonNull(form, "form");
            Objects.requireNonNull(preview, "preview");
        }

        /** The preview, or null when there is none (for templates). */
        public List<Opening> previewed() {
            return preview.orElse(null);
        }
    }
}
