package dev.upwatch.web.metrics;

import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.notify.WebhookNotifier;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import dev.upwatch.web.cluster.ClusterMembership;

import java.util.Objects;

/** {@code GET /metrics}: every metric in the Prometheus text exposition format. */
@Path("/metrics")
public final class MetricsResource {
    private final UpwatchMetrics metrics;

    @Inject
    public MetricsResource(UpwatchMetrics metrics, UpwatchEngine engine, WebhookNotifier notifier,
                           ClusterMembership membership) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        metrics.bind(engine, notifier, membership);
    }

    /** The current values; the per-monitor series are read from the engine's snapshot of this moment. */
    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        return metrics.scrape();
    }
}
