package dev.upwatch.web.api;

import java.time.Instant;
import java.util.List;

/**
 * One incident or maintenance notice.
 *
 * @param id         stable identifier
 * @param kind       {@code automatic}, {@code manual} or {@code maintenance}
 * @param title      one-line summary
 * @param impact     worst status it caused or announces ({@code down}, {@code degraded}, {@code maintenance}, ...)
 * @param services   ids of the affected services
 * @param startedAt  when it began (or begins, for upcoming maintenance)
 * @param resolvedAt when it ended, or null while it goes on
 * @param updates    the timeline, oldest first
 */
public record IncidentJson(String id, String kind, String title, String impact, List<String> services, Instant startedAt,
                           Instant resolvedAt, List<UpdateJson> updates) {

    /**
     * One timeline entry.
     *
     * @param at      when it was posted
     * @param state   {@code investigating}, {@code identified}, {@code monitoring} or {@code resolved}
     * @param message what was said
     */
    public record UpdateJson(Instant at, String state, String message) {
    }
}
