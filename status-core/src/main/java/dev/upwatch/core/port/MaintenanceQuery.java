package dev.upwatch.core.port;

import dev.upwatch.core.model.MaintenanceWindow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The maintenance windows in force, as the page, the API and the feeds read them to announce them. */
public interface MaintenanceQuery {

    /** The windows in force; the same list object until they change, so that readers may compare by identity. */
    List<MaintenanceWindow> windows();

    /**
     * For each window, its opening in progress at {@code now}, else its next one starting within {@code horizon};
     * ordered by start.
     */
    default List<MaintenanceWindow.Occurrence> currentAndUpcoming(Instant now, Duration horizon) {
        List<MaintenanceWindow.Occurrence> result = new ArrayList<>();
        for (MaintenanceWindow window : windows()) {
            window.openAt(now).or(() -> window.nextAfter(now, horizon)).ifPresent(result::add);
        }
        result.sort(Comparator.comparing(MaintenanceWindow.Occurrence::start));
        return List.copyOf(result);
    }
}
