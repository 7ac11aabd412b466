package dev.upwatch.web.metrics;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.port.StatusQuery;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The per-monitor series, built at each scrape from the engine's current snapshot, so they follow the monitors as
 * they are created, changed and deleted at run time, and a value that does not exist (no certificate seen, no
 * decisive check in a window) is no sample at all. Labels {@code monitor} (the id) and {@code group}; the public
 * audience gets no series of a private monitor.
 */
final class MonitorSeries implements MultiCollector {
    /** The uptime windows exposed; 90d and 365d stay in the API (each window is one series per monitor). */
    static final List<UptimeWindow> WINDOWS = List.of(UptimeWindow.H24, UptimeWindow.D7, UptimeWindow.D30);

    private static final String STATUS = "upwatch_monitor_status";
    private static final String UP = "upwatch_monitor_up";
    private static final String RESPONSE_TIME = "upwatch_monitor_response_time_seconds";
    private static final String CERTIFICATE_EXPIRY = "upwatch_monitor_certificate_expiry_timestamp_seconds";
    private static final String UPTIME = "upwatch_monitor_uptime_ratio";
    /** Exposed as {@code upwatch_checks_total}. */
    private static final String CHECKS = "upwatch_checks";

    private final UpwatchMetrics.Audience audience;
    private final StatusQuery engine;
    private final CheckTally tally;

    /** {@code engine}: the engine's own query, which sees private monitors; {@code audience} decides what is shown. */
    MonitorSeries(UpwatchMetrics.Audience audience, StatusQuery engine, CheckTally tally) {
        this.audience = Objects.requireNonNull(audience, "audience");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.tally = Objects.requireNonNull(tally, "tally");
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(STATUS, UP, RESPONSE_TIME, CERTIFICATE_EXPIRY, UPTIME, CHECKS);
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder status = GaugeSnapshot.builder().name(STATUS)
                .help("Status by severity: 0 up, 1 maintenance, 2 unknown, 3 degraded, 4 down");
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name(UP)
                .help("1 when the service is up or degraded, 0 when down, NaN without a verdict or in maintenance");
        GaugeSnapshot.Builder responseTime = GaugeSnapshot.builder().name(RESPONSE_TIME)
                .help("Response time of the latest check in seconds; NaN before the first check");
        GaugeSnapshot.Builder certificateExpiry = GaugeSnapshot.builder().name(CERTIFICATE_EXPIRY)
                .help("When the certificate the latest TLS check saw expires (notAfter), in seconds since the epoch; "
                        + "no sample before a check saw one");
        GaugeSnapshot.Builder uptime = GaugeSnapshot.builder().name(UPTIME)
                .help("Share of decisive checks that succeeded over the window ending now (0 to 1), as on the page; "
                        + "no sample for a window without decisive checks");
        CounterSnapshot.Builder checks = CounterSnapshot.builder().name(CHECKS)
                .help("Checks by monitor and outcome since start (failure: the service failed; error: Upwatch could "
                        + "not check; blocked: the egress policy forbade the target)");

        Set<MonitorId> present = new HashSet<>();
        for (ServiceStatus service : engine.snapshot().services()) {
            Monitor monitor = service.monitor();
            present.add(monitor.id());
            if (audience == UpwatchMetrics.Audience.PUBLIC && !monitor.isPublic()) {
                continue;
            }
            Labels labels = Labels.of("group", monitor.group(), "monitor", monitor.id().value());
            status.dataPoint(gauge(labels, service.status().ordinal()));
            up.dataPoint(gauge(labels, up(service.status())));
            responseTime.dataPoint(gauge(labels, service.lastSample()
                    .map(sample -> sample.responseTime().toNanos() / 1e9).orElse(Double.NaN)));
            tally.certificateExpiry(monitor).ifPresent(notAfter ->
                    certificateExpiry.dataPoint(gauge(labels, notAfter.toEpochMilli() / 1e3)));
            for (UptimeWindow window : WINDOWS) {
                service.uptime(window).ifPresent(percent ->
                        uptime.dataPoint(gauge(labels.add("window", window.label()), percent / 100)));
            }
            for (Outcome outcome : Outcome.values()) {
                checks.dataPoint(CounterDataPointSnapshot.builder().labels(labels.add("outcome", outcome.wireName()))
                        .value(tally.checks(monitor.id(), outcome)).build());
            }
        }
        tally.retain(present);
        return MetricSnapshots.of(status.build(), up.build(), responseTime.build(), certificateExpiry.build(),
                uptime.build(), checks.build());
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static double up(Status status) {
        return switch (status) {
            case UP, DEGRADED -> 1.0;
            case DOWN -> 0.0;
            case UNKNOWN, MAINTENANCE -> Double.NaN;
        };
    }
}
