package dev.upwatch.web.metrics;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.service.SampleBuffer;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.notify.WebhookNotifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The instance's Prometheus metrics (Micrometer's Prometheus registry): per monitor its status, whether it is
 * up, its last response time and its checks by outcome; a histogram of check durations; the scheduler's late
 * starts, skipped overlaps and lateness; the sample buffer's depth, writes and drops; notification deliveries
 * by outcome; and the JVM's memory, GC, threads, CPU and uptime. Told of every check as a {@link Notifier}.
 * Metrics read by the public carry no series of a private monitor.
 */
public final class UpwatchMetrics implements Notifier {
    /** Who may read the metrics, and so which monitors they name. */
    public enum Audience {
        /** Holders of an API token: every monitor. */
        OPERATORS,
        /** Anyone who may see the status page: public monitors only (private ones still count in the totals). */
        PUBLIC
    }

    private final Audience audience;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<MonitorId, Map<Outcome, Counter>> checks = new ConcurrentHashMap<>();
    private final Map<Outcome, Timer> durations = new EnumMap<>(Outcome.class);
    private final AtomicBoolean bound = new AtomicBoolean();
    /** The per-monitor gauges registered now, by monitor, with the tags they were registered with. */
    private final Map<MonitorId, MonitorGauges> gauges = new ConcurrentHashMap<>();
    private volatile UpwatchEngine engine;

    /** The gauges of one monitor. */
    private record MonitorGauges(Tags tags, List<Meter> meters) {
    }

    public UpwatchMetrics(Audience audience) {
        this.audience = java.util.Objects.requireNonNull(audience, "audience");
        for (Outcome outcome : Outcome.values()) {
            durations.put(outcome, Timer.builder("upwatch.check.duration")
                    .description("Response time of checks")
                    .tag("outcome", outcome.wireName())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry));
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Registers the gauges and counters read from the running engine and notifier; once. */
    public void bind(UpwatchEngine engine, List<Monitor> monitors, WebhookNotifier notifier) {
        if (!bound.compareAndSet(false, true)) {
            return;
        }
        this.engine = engine;
        track(monitors);
        FunctionCounter.builder("upwatch.scheduler.late.starts", engine, e -> e.schedulerStats().lateStarts())
                .description("Checks that started more than one second after their planned time").register(registry);
        FunctionCounter.builder("upwatch.scheduler.overlaps.skipped", engine, e -> e.schedulerStats().overlapsSkipped())
                .description("Planned checks skipped because the monitor's previous check was still running").register(registry);
        Gauge.builder("upwatch.scheduler.lateness.max", engine, e -> e.schedulerStats().maxLateness().toNanos() / 1e9)
                .description("Largest start lateness since start").baseUnit("seconds").register(registry);
        Gauge.builder("upwatch.scheduler.lateness.p99", engine,
                        e -> e.schedulerStats().lateness().percentile(0.99).toNanos() / 1e9)
                .description("99th percentile of start lateness since start").baseUnit("seconds").register(registry);
        SampleBuffer buffer = engine.sampleBuffer();
        Gauge.builder("upwatch.samples.buffered", buffer, SampleBuffer::depth)
                .description("Samples waiting to be written to storage").register(registry);
        FunctionCounter.builder("upwatch.samples.written", buffer, SampleBuffer::written)
                .description("Samples written to storage").register(registry);
        FunctionCounter.builder("upwatch.samples.dropped", buffer, SampleBuffer::dropped)
                .description("Samples dropped because the buffer was full").register(registry);
        FunctionCounter.builder("upwatch.notifications", notifier, n -> n.counts().delivered())
                .tag("outcome", "delivered").description("Notification messages by final outcome").register(registry);
        FunctionCounter.builder("upwatch.notifications", notifier, n -> n.counts().failed())
                .tag("outcome", "failed").description("Notification messages by final outcome").register(registry);
        FunctionCounter.builder("upwatch.notifications", notifier, n -> n.counts().dropped())
                .tag("outcome", "dropped").description("Notification messages by final outcome").register(registry);
    }

    /**
     * Makes the per-monitor gauges match {@code monitors} (the catalogue changes at run time through the admin API
     * and reloads): registers those of new monitors, re-registers those whose group changed, and removes the gauges
     * and check counters of monitors that are gone. Cheap when nothing changed; called before each scrape.
     */
    public synchronized void track(List<Monitor> monitors) {
        UpwatchEngine running = engine;
        if (running == null) {
            return;
        }
        Set<MonitorId> wanted = new HashSet<>();
        for (Monitor monitor : monitors) {
            if (!shown(monitor)) {
                continue;
            }
            wanted.add(monitor.id());
            Tags tags = Tags.of("monitor", monitor.id().value(), "group", monitor.group());
            MonitorGauges existing = gauges.get(monitor.id());
            if (existing != null && existing.tags().equals(tags)) {
                continue;
            }
            if (existing != null) {
                existing.meters().forEach(registry::remove);
            }
            gauges.put(monitor.id(), new MonitorGauges(tags, register(running, monitor.id(), tags)));
        }
        for (MonitorId gone : List.copyOf(gauges.keySet())) {
            if (!wanted.contains(gone)) {
                gauges.remove(gone).meters().forEach(registry::remove);
                Map<Outcome, Counter> counters = checks.remove(gone);
                if (counters != null) {
                    counters.values().forEach(registry::remove);
                }
            }
        }
    }

    private List<Meter> register(UpwatchEngine engine, MonitorId id, Tags tags) {
        return List.of(
                Gauge.builder("upwatch.monitor.status", engine, e -> status(e, id).map(Enum::ordinal).orElse(-1))
                        .description("Status by severity: 0 up, 1 maintenance, 2 unknown, 3 degraded, 4 down")
                        .tags(tags).register(registry),
                Gauge.builder("upwatch.monitor.up", engine, e -> status(e, id).map(UpwatchMetrics::up).orElse(Double.NaN))
                        .description("1 when the service is up or degraded, 0 when down, NaN without a verdict or in maintenance")
                        .tags(tags).register(registry),
                Gauge.builder("upwatch.monitor.response.time", engine, e -> e.statusQuery().service(id)
                                .flatMap(ServiceStatus::lastSample).map(s -> s.responseTime().toNanos() / 1e9).orElse(Double.NaN))
                        .description("Response time of the latest check").baseUnit("seconds")
                        .tags(tags).register(registry));
    }

    @Override
    public void statusChanged(StatusChange change) {
        // Status is read from the live snapshot when scraped.
    }

    @Override
    public void checked(Monitor monitor, Sample sample) {
        durations.get(sample.outcome()).record(sample.responseTime());
        if (!shown(monitor)) {
            return;
        }
        checks.computeIfAbsent(monitor.id(), id -> counters(monitor)).get(sample.outcome()).increment();
    }

    private boolean shown(Monitor monitor) {
        return audience == Audience.OPERATORS || monitor.isPublic();
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    private Map<Outcome, Counter> counters(Monitor monitor) {
        Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            byOutcome.put(outcome, Counter.builder("upwatch.checks")
                    .description("Checks by monitor and outcome (failure: the service failed; error: Upwatch could not check)")
                    .tags("monitor", monitor.id().value(), "group", monitor.group(), "outcome", outcome.wireName())
                    .register(registry));
        }
        return byOutcome;
    }

    private static Optional<Status> status(UpwatchEngine engine, MonitorId id) {
        return engine.statusQuery().service(id).map(ServiceStatus::status);
    }

    private static double up(Status status) {
        return switch (status) {
            case UP, DEGRADED -> 1.0;
            case DOWN -> 0.0;
            case UNKNOWN, MAINTENANCE -> Double.NaN;
        };
    }
}
