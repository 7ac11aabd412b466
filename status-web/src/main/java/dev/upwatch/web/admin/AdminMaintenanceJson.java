package dev.upwatch.web.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A maintenance window as the admin API shows it.
 *
 * @param id         the window's id ({@code config-N} for the N-th window of the file)
 * @param source     {@code config} (owned by the configuration file, read-only here) or {@code api}
 * @param title      what is being done
 * @param services   ids of the monitors it covers, sorted
 * @param schedule   how it recurs: the RRULE or cron expression; for a one-off window its start instant
 * @param duration   how long each opening lasts, e.g. {@code 2h}
 * @param active     true while it is open
 * @param nextStart  the start of the opening in progress, else of the next one within 7 days; null if none
 * @param nextEnd    the end of that opening; null if none
 * @param definition the stored definition, for windows of the API; null for the file's
 * @param createdAt  when it was created through the API; null for the file's
 * @param updatedAt  when it was last replaced through the API; null for the file's
 */
public record AdminMaintenanceJson(String id, String source, String title, List<String> services, String schedule,
                                   String duration, boolean active, Instant nextStart, Instant nextEnd,
                                   Map<String, Object> definition, Instant createdAt, Instant updatedAt) {

    /** Every window. */
    public record ListJson(List<AdminMaintenanceJson> maintenance) {
    }
}
