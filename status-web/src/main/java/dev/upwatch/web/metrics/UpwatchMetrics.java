package dev.upwatch.web.metrics;

import dev.upwatch.web.cluster.ClusterMembership;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.service.SampleBuffer;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.notify.WebhookNotifier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The instance's Prometheus metrics (Micrometer's Prometheus registry): per monitor its status, whether it is
 * up, its last response time, its certificate's expiry, its uptime over 24h/7d/30d and its checks by outcome
 * ({@link MonitorSeries}); a histogram of check durations; the scheduler's late starts, skipped overlaps and
 * lateness; the sample buffer's depth, writes and drops; notification deliveries by outcome; and the JVM's memory,
 * GC, threads, CPU and uptime. Told of every check as a {@link Notifier}. Metrics read by the public carry no
 * series of a private monitor.
 */
public final class UpwatchMetrics implements Notifier {
    /** Who may read the metrics, and so which monitors they name. */
    public enum Audience {
        /** Holders of an API token: every monitor. */
        OPERATORS,
        /** Anyone who may see the status page: public monitors only (private ones still count in the totals). */
        PUBLIC
    }

    /**
     * Upper bounds of the check-duration histogram: 1-2.5-5 steps (each about twice the last) from 1 ms, the
     * fastest local answers, to 60 s, the longest usual timeout; slower checks land in {@code +Inf}. 15 bounds plus
     * {@code +Inf} are 16 series per outcome.
     */
    static final List<Duration> DURATION_BOUNDS = List.of(
            Duration.ofMillis(1), Duration.ofMillis(2).plusNanos(500_000), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));

    private final Audience audience;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Outcome, Timer> durations = new EnumMap<>(Outcome.class);
    private final CheckTally tally = new CheckTally();
    private final AtomicBoolean bound = new AtomicBoolean();

    public UpwatchMetrics(Audience audience) {
        this.audience = Objects.requireNonNull(audience, "audience");
        registry.config().meterFilter(new ExpositionNames());
        for (Outcome outcome : Outcome.values()) {
            durations.put(outcome, Timer.builder("upwatch.check.duration")
                    .description("Response time of checks")
                    .tag("outcome", outcome.wireName())
                    .serviceLevelObjectives(DURATION_BOUNDS.toArray(Duration[]::new))
                    .register(registry));
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", os, bean -> bean.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time used by the process").register(registry);
        }
    }

    /** Registers the series read from the running engine, notifier and cluster membership when scraped; once. */
    public void bind(UpwatchEngine engine, WebhookNotifier notifier, ClusterMembership membership) {
        if (!bound.compareAndSet(false, true)) {
            return;
        }
        registry.getPrometheusRegistry().register(new MonitorSeries(audience, engine.statusQuery(), tally));
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
        Gauge.builder("upwatch.outbox.pending", notifier, n -> n.counts().pending())
                .description("Outbox messages this node holds: waiting, in flight or waiting to retry").register(registry);
        FunctionCounter.builder("upwatch.outbox.picked.up", notifier, WebhookNotifier::pickedUp)
                .description("Outbox messages this node took over from other nodes (stored by them, or left by a "
                        + "node that died)").register(registry);
        membership.leases().ifPresent(leases -> registry.getPrometheusRegistry().register(new ClusterSeries(leases)));
    }

    @Override
    public void statusChanged(StatusChange change) {
        // Status is read from the live snapshot when scraped.
    }

    @Override
    public void checked(Monitor monitor, Sample sample) {
        durations.get(sample.outcome()).record(sample.responseTime());
        if (audience == Audience.OPERATORS || monitor.isPublic()) {
            tally.record(monitor, sample);
        }
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }
}
