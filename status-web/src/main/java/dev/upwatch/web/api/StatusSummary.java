package dev.upwatch.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.web.page.BarIncidents;
import dev.upwatch.web.render.Renderer;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One status page's current summary ({@code /api/v1/status}) as bytes, shared by {@link StatusResource} and
 * {@link SummaryFilter} so that both answer from the same cached document: serialized and compressed once per change
 * of the page's snapshot or of the maintenance windows to announce ({@link StatusSummaries} keeps one per page).
 */
public final class StatusSummary {
    private final StatusQuery status;
    private final Clock clock;
    private final MaintenanceQuery maintenance;
    private final StatusDocument document;
    private final BarIncidents incidents;
    /** Windows to announce, recomputed at most once per second (about 15 µs for three windows). */
    private volatile Announced announced = new Announced(Long.MIN_VALUE, List.of());

    private record Announced(long epochSecond, List<MaintenanceJson> windows) {
    }

    StatusSummary(StatusQuery status, Clock clock, ObjectMapper json, MaintenanceQuery maintenance,
                  BarIncidents incidents, Renderer renderer) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.status = Objects.requireNonNull(status, "status");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.document = new StatusDocument(json, this::inputs, this::today, renderer);
    }

    /** The summary as it is now. */
    StatusDocument.Rendered current() {
        return document.latest(inputs());
    }

    /** What the summary shows now (but today's incident titles, read only to render). */
    private StatusDocument.Inputs inputs() {
        return new StatusDocument.Inputs(status.snapshot(), announcedMaintenance(),
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    /** Today's UTC date and the titles of each public service's incidents on it. */
    ApiRepresentations.Today today() {
        return new ApiRepresentations.Today(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), incidents.today());
    }

    /** Whether an {@code If-None-Match} header value names {@code etag} (strong, weak or {@code *}). */
    public static boolean matches(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .anyMatch(tag -> tag.equals(etag) || tag.equals("W/" + etag) || tag.equals("*"));
    }

    /** Whether an {@code Accept-Encoding} header value accepts gzip. */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        // Compared in place: every request for / and the summary asks, and a lower-cased copy is garbage.
        for (int i = 0; i + 4 <= acceptEncoding.length(); i++) {
            if (acceptEncoding.regionMatches(true, i, "gzip", 0, 4)) {
                return true;
            }
        }
        return false;
    }

    private List<MaintenanceJson> announcedMaintenance() {
        Instant now = clock.instant();
        Announced current = announced;
        if (current.epochSecond() != now.getEpochSecond()) {
            current = new Announced(now.getEpochSecond(), ApiRepresentations.maintenance(maintenance, now));
            announced = current;
        }
        return current.windows();
    }
}
