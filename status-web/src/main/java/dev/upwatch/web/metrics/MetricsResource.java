package dev.upwatch.web.metrics;

import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.notify.WebhookNotifier;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.util.Objects;

/** {@code GET /metrics}: every metric in the Prometheus text exposition format. */
@Path("/metrics")
public final class MetricsResource {
    private final UpwatchMetrics metrics;
    private final MonitorCatalog catalog;

    @Inject
    public MetricsResource(UpwatchMetrics metrics, UpwatchEngine engine, MonitorCatalog catalog, WebhookNotifier notifier) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        metrics.bind(engine, catalog.monitors(), notifier);
    }

    /** The current values, with the per-monitor gauges brought up to date with the catalogue first. */
    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        metrics.track(catalog.monitors());
        return metrics.scrape();
    }
}
