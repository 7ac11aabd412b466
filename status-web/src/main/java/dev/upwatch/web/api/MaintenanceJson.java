package dev.upwatch.web.api;

import java.time.Instant;
import java.util.List;

/**
 * A maintenance window open now or opening soon.
 *
 * @param title    what is being done
 * @param services ids of the services it covers
 * @param start    when this window opens
 * @param end      when it closes
 * @param active   true while it is open
 * @param schedule how it recurs: the RRULE or cron expression; for a one-off window its start instant
 */
public record MaintenanceJson(String title, List<String> services, Instant start, Instant end, boolean active,
                              String schedule) {
}
