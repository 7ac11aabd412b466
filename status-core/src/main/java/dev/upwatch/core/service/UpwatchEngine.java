package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeRegistry;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The monitoring engine assembled from its parts: schedules every monitor of the catalogue, runs the
 * checks, buffers samples into the store, keeps live status and tells the notifiers of changes. Framework
 * free, so the web application and an embedding application wire it the same way.
 */
public final class UpwatchEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UpwatchEngine.class.getName());
    private static final long FIRST_REFRESH_MILLIS = 10_000;
    /** How often pending rollups are written, in milliseconds. */
    private static final long ROLLUP_FLUSH_MILLIS = 10_000;
    /** How often rollups past their retention are deleted, in milliseconds. */
    private static final long RETENTION_MILLIS = 3_600_000;

    private final MonitorCatalog catalog;
    private final ProbeRegistry probes;
    private final EngineSettings settings;
    private final RollupRetention retention;
    private final StatusService status;
    private final SampleBuffer buffer;
    private final ExecutorService probeExecutor;
    private final MonitorScheduler scheduler;
    private final ScheduledExecutorService housekeeping;
    private final Map<MonitorId, Probe> activeProbes = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile boolean closed;

    /** An engine whose rollups are kept in memory only. */
    public UpwatchEngine(MonitorCatalog catalog, ProbeRegistry probes, SampleStore store, List<Notifier> notifiers,
                         Clock clock, EngineSettings settings) {
        this(catalog, probes, store, new InMemoryRollupStore(), RollupRetention.defaults(), notifiers, clock, settings);
    }

    /** An engine that keeps samples in {@code store} and uptime history as rollups in {@code rollups}. */
    public UpwatchEngine(MonitorCatalog catalog, ProbeRegistry probes, SampleStore store, RollupStore rollups,
                         RollupRetention retention, List<Notifier> notifiers, Clock clock, EngineSettings settings) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.probes = Objects.requireNonNull(probes, "probes");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.status = new StatusService(clock, store, rollups);
        notifiers.forEach(status::addNotifier);
        this.buffer = new SampleBuffer(store, settings.bufferCapacity(), settings.writeBatchSize(), settings.flushInterval());
        this.probeExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("upwatch-probe-", 0).factory());
        this.scheduler = new MonitorScheduler(clock, new CheckRunner(clock, probeExecutor), this::record,
                settings.maxConcurrentChecks());
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("upwatch-history")
                .daemon(true).factory());
    }

    private void record(Monitor monitor, Sample sample) {
        buffer.offer(sample);
        status.checked(monitor, sample);
    }

    /** Restores state from storage and starts checking every monitor of the catalogue. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("engine already started");
        }
        started = true;
        List<Monitor> monitors = catalog.monitors();
        status.track(monitors);
        refreshHistory();
        buffer.start();
        for (Monitor monitor : monitors) {
            Probe probe = probes.create(monitor.probe());
            activeProbes.put(monitor.id(), probe);
            scheduler.schedule(monitor, probe, status.hasNoVerdict(monitor.id()));
        }
        long refreshMillis = settings.historyRefresh().toMillis();
        // The first refresh comes soon, so that a fresh start shows uptime after its first checks.
        housekeeping.scheduleWithFixedDelay(this::refreshHistory, Math.min(refreshMillis, FIRST_REFRESH_MILLIS),
                refreshMillis, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::flushRollups, ROLLUP_FLUSH_MILLIS, ROLLUP_FLUSH_MILLIS,
                TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::applyRetention, 0, RETENTION_MILLIS, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "watching " + monitors.size() + " monitors");
    }

    private void refreshHistory() {
        try {
            status.refreshHistory();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not refresh uptime history: " + e);
        }
    }

    private void flushRollups() {
        try {
            status.flushRollups();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not write rollups, retrying later: " + e);
        }
    }

    private void applyRetention() {
        try {
            long deleted = status.applyRetention(retention);
            if (deleted > 0) {
                LOG.log(System.Logger.Level.INFO, "deleted " + deleted + " rollup buckets past their retention");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete old rollups: " + e);
        }
    }

    /** True between {@link #start()} and {@link #close()}: monitors are being checked. */
    public boolean isRunning() {
        return started && !closed;
    }

    /** Live status for the page and API. */
    public StatusQuery statusQuery() {
        return status;
    }

    /** Adds a listener of status changes (for example the live page's event stream). */
    public void addNotifier(Notifier notifier) {
        status.addNotifier(notifier);
    }

    /** Scheduler counters. */
    public SchedulerStats schedulerStats() {
        return scheduler.stats();
    }

    /** The sample buffer, for its depth and drop counters. */
    public SampleBuffer sampleBuffer() {
        return buffer;
    }

    /**
     * Stops scheduling, lets checks in flight finish within the grace period, then writes buffered samples and
     * pending rollups.
     */
    @Override
    public synchronized void close() {
        closed = true;
        housekeeping.shutdownNow();
        scheduler.shutdown(settings.shutdownGrace());
        probeExecutor.shutdownNow();
        buffer.close(settings.shutdownGrace());
        flushRollups();
        activeProbes.values().forEach(probe -> {
            try {
                probe.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing a probe failed: " + e);
            }
        });
        activeProbes.clear();
    }
}
