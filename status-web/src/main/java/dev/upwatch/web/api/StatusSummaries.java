package dev.upwatch.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.web.page.BarIncidents;
import dev.upwatch.web.reader.StatusPage;
import dev.upwatch.web.render.Renderer;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link StatusSummary} of each status page, made when a page's summary is first asked for. */
public final class StatusSummaries {
    private final Clock clock;
    private final ObjectMapper json;
    private final BarIncidents incidents;
    private final Renderer renderer;
    private final Map<StatusPage, StatusSummary> summaries = new ConcurrentHashMap<>();

    public StatusSummaries(Clock clock, ObjectMapper json, BarIncidents incidents, Renderer renderer) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    /** The summary of {@code page}, read through the page's own view. */
    public StatusSummary of(StatusPage page) {
        return summaries.computeIfAbsent(page, p -> new StatusSummary(p.status(), clock, json, p.maintenance(), incidents,
                renderer));
    }
}
