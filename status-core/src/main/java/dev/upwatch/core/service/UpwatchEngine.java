package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.CheckAssignment;
import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.RollupQuery;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeOwner;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.probe.PushInbox;
import dev.upwatch.core.rule.MaintenanceCalendar;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The monitoring engine assembled from its parts: schedules every monitor of the catalogue, runs the
 * checks, buffers samples into the store, keeps live status and tells the notifiers of changes. Framework
 * free, so the web application and an embedding application wire it the same way.
 *
 * <p>Every probe is built with the engine's {@link ProbeEnvironment} (egress-checked network access, the clock, the
 * push inbox); the engine binds itself to that environment as its {@link ProbeOwner}, so a probe can have its monitor
 * checked at once (a push), and closes it, with the resources its factories shared, when it closes.
 */
public final class UpwatchEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UpwatchEngine.class.getName());
    private static final long FIRST_REFRESH_MILLIS = 10_000;
    /**
     * How often pending rollups are written, in milliseconds. Rarely: each write upserts every monitor's open hour
     * and day (with their latency histograms), which at a 10 s period took 42 % of the server's CPU at 1,000 monitors
     * on H2 (issue #19); every 5 minutes the open buckets are written 30 times less often and most minute buckets once.
     * A crash loses nothing: the next start adds the stored samples after each monitor's mark (see RollupRecorder).
     */
    static final long ROLLUP_FLUSH_MILLIS = 300_000;
    /** How long a rollup write waits for the samples it holds to be written (the buffer writes every 200 ms). */
    private static final java.time.Duration SAMPLES_DURABLE_WAIT = java.time.Duration.ofSeconds(30);
    /** How often rollups past their retention are deleted, in milliseconds. */
    private static final long RETENTION_MILLIS = 3_600_000;

    private final MonitorCatalog catalog;
    private final ProbeRegistry probes;
    private final EngineSettings settings;
    private final RollupRetention retention;
    private final StatusService status;
    private final SampleBuffer buffer;
    /** The store as readers see it: with the samples the buffer still holds. */
    private final SampleStore samples;
    private final ExecutorService probeExecutor;
    private final MonitorScheduler scheduler;
    private final ScheduledExecutorService housekeeping;
    private final MaintenanceCalendar maintenance;
    private final ProbeEnvironment environment;
    private final CheckAssignment assignment;
    private final Map<MonitorId, Probe> activeProbes = new ConcurrentHashMap<>();
    private volatile List<Monitor> monitors = List.of();
    /** The same monitors by id, replaced together with {@link #monitors}. */
    private volatile Map<MonitorId, Monitor> byId = Map.of();
    private volatile boolean started;
    private boolean restored;
    /** Set once {@link #start} planned every monitor's checks. */
    private volatile boolean checking;
    private volatile boolean closed;

    /**
     * An engine whose rollups are kept in memory only, with an environment of the {@linkplain
     * dev.upwatch.core.probe.EgressPolicy#defaults() built-in egress policy}.
     */
    public UpwatchEngine(MonitorCatalog catalog, ProbeRegistry probes, SampleStore store, List<Notifier> notifiers,
                         Clock clock, EngineSettings settings) {
        this(catalog, probes, store, notifiers, clock, settings, MaintenanceCalendar.NONE);
    }

    /**
     * An engine that honours maintenance windows: inside one, a monitor is MAINTENANCE, its failures are recorded
     * as ERROR samples (neither up nor down) and no DOWN is declared. Rollups are kept in memory only; the probe
     * environment has the {@linkplain dev.upwatch.core.probe.EgressPolicy#defaults() built-in egress policy}.
     */
    public UpwatchEngine(MonitorCatalog catalog, ProbeRegistry probes, SampleStore store, List<Notifier> notifiers,
                         Clock clock, EngineSettings settings, MaintenanceCalendar maintenance) {
        this(catalog, probes, store, new InMemoryRollupStore(), RollupRetention.defaults(), notifiers, clock, settings,
                maintenance, ProbeEnvironment.builder().clock(clock).build());
    }

    /**
     * An engine that keeps samples in {@code store}, uptime history as rollups in {@code rollups}, honours the
     * maintenance windows of {@code maintenance}, and builds every probe with {@code environment}.
     *
     * @param environment the probes' network access (egress policy), clock and push inbox; it serves only this engine,
     *                    which closes it
     * @throws IllegalStateException when {@code environment} serves another engine already
     */
    public UpwatchEngine(MonitorCatalog catalog, ProbeRegistry probes, SampleStore store, RollupStore rollups,
                         RollupRetention retention, List<Notifier> notifiers, Clock clock, EngineSettings settings,
                         MaintenanceCalendar maintenance, ProbeEnvironment environment) {
        this(catalog, probes, store, rollups, retention, notifiers, clock, settings, maintenance, environment,
                TransitionJournal.inMemory(), Optional.empty());
    }

    /**
     * An engine that also commits every status change through {@code journal} together with its consequences: the
     * incident events {@code incidents} derives from it and every routed channel's notifications; the
     * {@code notifiers} hear of a change only once it is committed. Each monitor is restored from its last committed
     * status.
     *
     * @param environment the probes' network access (egress policy), clock and push inbox; it serves only this engine,
     *                    which closes it
     * @throws IllegalStateException when {@code environment} serves another engine already
     */
    public UpwatchEngine(MonitorCatalog catalog, ProbeRegistry probes, SampleStore store, RollupStore rollups,
                         RollupRetention retention, List<Notifier> notifiers, Clock clock, EngineSettings settings,
                         MaintenanceCalendar maintenance, ProbeEnvironment environment, TransitionJournal journal,
                         Optional<IncidentService> incidents) {
        this(catalog, probes, store, rollups, retention, notifiers, clock, settings, maintenance, environment, journal,
                incidents, CheckAssignment.ALL);
    }

    /**
     * The same engine checking only the monitors {@code assignment} gives it at each slot: in a cluster, this node's
     * share.
     */
    public UpwatchEngine(MonitorCatalog catalog, ProbeRegistry probes, SampleStore store, RollupStore rollups,
                         RollupRetention retention, List<Notifier> notifiers, Clock clock, EngineSettings settings,
                         MaintenanceCalendar maintenance, ProbeEnvironment environment, TransitionJournal journal,
                         Optional<IncidentService> incidents, CheckAssignment assignment) {
        this(catalog, probes, store, rollups, retention, notifiers, clock, settings, maintenance, environment, journal,
                incidents, assignment, Optional.empty());
    }

    /**
     * The same engine as a node of a cluster checking from {@code vantage}: each monitor's status is decided by quorum
     * of its locations' verdicts ({@link StatusService#checkedFrom}).
     */
    public UpwatchEngine(MonitorCatalog catalog, ProbeRegistry probes, SampleStore store, RollupStore rollups,
                         RollupRetention retention, List<Notifier> notifiers, Clock clock, EngineSettings settings,
                         MaintenanceCalendar maintenance, ProbeEnvironment environment, TransitionJournal journal,
                         Optional<IncidentService> incidents, CheckAssignment assignment, Optional<Vantage> vantage) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.probes = Objects.requireNonNull(probes, "probes");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.assignment = Objects.requireNonNull(assignment, "assignment");
        this.buffer = new SampleBuffer(store, settings.bufferCapacity(), settings.writeBatchSize(), settings.flushInterval());
        this.samples = new BufferedSampleReads(store, buffer);
        this.status = new StatusService(clock, samples, rollups, maintenance, journal, incidents, vantage);
        notifiers.forEach(status::addNotifier);
        this.probeExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("upwatch-probe-", 0).factory());
        this.scheduler = new MonitorScheduler(clock, new CheckRunner(clock, probeExecutor), this::record,
                settings.maxConcurrentChecks(), assignment);
        environment.bindOwner(new ProbeOwner() {
            @Override
            public Optional<MonitorId> monitorOf(Probe probe) {
                // Pushes are rare: a scan by identity beats keeping a second map in step with activeProbes.
                return activeProbes.entrySet().stream().filter(entry -> entry.getValue() == probe)
                        .map(Map.Entry::getKey).findFirst();
            }

            @Override
            public boolean checkNow(MonitorId id) {
                return scheduler.checkNow(id);
            }
        });
        ScheduledThreadPoolExecutor history = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform()
                .name("upwatch-history").daemon(true).factory());
        // At close, waiting tasks are dropped (probes retired late are closed by close() itself) and a running one ends.
        history.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.housekeeping = history;
    }

    /**
     * The status service judges the check (maintenance, counts) once; the sample is queued for the store as it judged it,
     * before the change it decides is committed (what {@code StatusChangeCrashTest} halts between).
     */
    private CheckVerdict record(Monitor monitor, Sample sample) {
        return checkedAt(monitor, Optional.empty(), sample);
    }

    /**
     * A check a remote agent made of {@code monitor} from {@code location}: judged and stored exactly as a check of this
     * process (see {@link #checkedAt(Monitor, Optional, Sample)}).
     */
    public CheckVerdict checkedRemotely(Monitor monitor, Location location, Sample sample) {
        return checkedAt(monitor, Optional.of(Objects.requireNonNull(location, "location")), sample);
    }

    /**
     * The one entry point of every check result, this process's own ({@code from} empty) and a remote agent's (its
     * location): the check as made ({@code raw}, with its start time) is judged, queued for the store and announced.
     * In a cluster an agent's location is one more location of the quorum ({@link StatusService#checkedFrom}); a
     * process alone feeds the monitor's one state machine (it leaves monitors whose locations all have agents to them).
     */
    private CheckVerdict checkedAt(Monitor monitor, Optional<Location> from, Sample raw) {
        if (from.isPresent() && status.decidesByQuorum()) {
            return status.checkedFrom(from.get(), monitor, raw, buffer::offer);
        }
        return status.checked(monitor, raw, buffer::offer);
    }

    /** The monitor {@code id} as watched now, if it is. */
    public Optional<Monitor> monitor(MonitorId id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(byId.get(id));
    }

    /** Restores state from storage and starts checking every monitor of the catalogue. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("engine already started");
        }
        started = true;
        restore();
        List<Monitor> monitors = this.monitors;
        buffer.start();
        for (Monitor monitor : monitors) {
            Probe probe = probes.create(monitor.probe(), environment);
            activeProbes.put(monitor.id(), probe);
            plan(monitor, probe);
        }
        long refreshMillis = settings.historyRefresh().toMillis();
        // The first refresh comes soon, so that a fresh start shows uptime after its first checks.
        housekeeping.scheduleWithFixedDelay(this::refreshHistory, Math.min(refreshMillis, FIRST_REFRESH_MILLIS),
                refreshMillis, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::flushRollups, ROLLUP_FLUSH_MILLIS, ROLLUP_FLUSH_MILLIS,
                TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::applyRetention, 0, RETENTION_MILLIS, TimeUnit.MILLISECONDS);
        checking = true;
        LOG.log(System.Logger.Level.INFO, "watching " + monitors.size() + " monitors");
    }

    /**
     * Takes the catalog's monitors and their stored statuses and history, without checking yet, so that the pages can
     * show them before the first checks ({@link #start} does it if not done yet; a second call does nothing).
     */
    public synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        List<Monitor> monitors = catalog.monitors();
        this.monitors = List.copyOf(monitors);
        this.byId = index(this.monitors);
        status.track(monitors);
        refreshHistory();
    }

    /**
     * Takes over the statuses other nodes of a cluster committed, for the monitors this node does not check now
     * ({@link StatusService#adopt}); statuses of monitors it checks are its own to decide, unless the status is
     * decided by quorum of the locations: then every committed status and location verdict is adopted.
     *
     * @return the monitors whose status changed here
     */
    public List<MonitorId> adopt(List<CommittedStatus> committed) {
        Map<MonitorId, Monitor> watched = new java.util.HashMap<>();
        monitors.forEach(monitor -> watched.put(monitor.id(), monitor));
        return status.adopt(committed.stream().filter(c -> {
            Monitor monitor = watched.get(c.monitor());
            return monitor != null && (status.decidesByQuorum() || !assignment.checksNow(monitor));
        }).toList());
    }

    /** The monitors being watched now, in display order. */
    public List<Monitor> monitors() {
        return monitors;
    }

    /**
     * Watches exactly {@code next} from now on, in this display order: new monitors are scheduled, removed ones
     * stop, changed ones are rescheduled with their new settings, unchanged ones go on undisturbed. A monitor that
     * keeps its id keeps its state and history. Every new or changed monitor's probe is built before anything
     * changes, so a bad one leaves the engine as it was.
     *
     * @throws dev.upwatch.core.model.InvalidSettingException when a new or changed monitor has bad probe settings
     * @throws IllegalArgumentException when an id is used twice
     * @throws IllegalStateException when the engine is not running
     */
    public synchronized void updateMonitors(List<Monitor> next) {
        if (!isRunning()) {
            throw new IllegalStateException("engine is not running");
        }
        Map<MonitorId, Monitor> previous = new java.util.HashMap<>();
        monitors.forEach(monitor -> previous.put(monitor.id(), monitor));
        Map<MonitorId, Monitor> wanted = new java.util.LinkedHashMap<>();
        for (Monitor monitor : next) {
            if (wanted.putIfAbsent(monitor.id(), monitor) != null) {
                throw new IllegalArgumentException("monitor id '" + monitor.id() + "' is used twice");
            }
        }
        Map<MonitorId, Probe> built = new java.util.LinkedHashMap<>();
        try {
            for (Monitor monitor : wanted.values()) {
                if (!monitor.equals(previous.get(monitor.id()))) {
                    built.put(monitor.id(), probes.create(monitor.probe(), environment));
                }
            }
        } catch (RuntimeException e) {
            built.values().forEach(this::closeProbe);
            throw e;
        }
        monitors = List.copyOf(wanted.values());
        byId = index(monitors);
        status.track(monitors);
        for (Monitor old : previous.values()) {
            if (!wanted.containsKey(old.id())) {
                scheduler.unschedule(old.id());
                retire(old, activeProbes.remove(old.id()));
            }
        }
        built.forEach((id, probe) -> {
            Monitor monitor = wanted.get(id);
            // From here the old probe belongs to no monitor (a push to its token is refused) and the new one is used.
            Probe old = activeProbes.put(id, probe);
            plan(monitor, probe);
            retire(previous.get(id), old);
        });
        LOG.log(System.Logger.Level.INFO, "watching " + monitors.size() + " monitors (" + built.size()
                + " added or changed, " + previous.keySet().stream().filter(id -> !wanted.containsKey(id)).count()
                + " removed)");
    }

    private static Map<MonitorId, Monitor> index(List<Monitor> monitors) {
        Map<MonitorId, Monitor> index = new java.util.HashMap<>();
        monitors.forEach(monitor -> index.put(monitor.id(), monitor));
        return Map.copyOf(index);
    }

    /** Schedules the monitor's checks, or for a paused monitor stops them: a paused monitor is never checked. */
    private void plan(Monitor monitor, Probe probe) {
        if (monitor.paused()) {
            scheduler.unschedule(monitor.id());
        } else {
            scheduler.schedule(monitor, probe, status.hasNoVerdict(monitor.id()));
        }
    }

    /** Closes a replaced probe once a check in flight with it has had its timeout to finish. */
    private void retire(Monitor old, Probe probe) {
        if (probe == null) {
            return;
        }
        long graceMillis = old == null ? 0 : old.timeout().toMillis() + 1_000;
        try {
            housekeeping.schedule(() -> closeProbe(probe), graceMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closeProbe(probe);
        }
    }

    private void closeProbe(Probe probe) {
        try {
            probe.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a probe failed: " + e);
        }
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
            // Samples are queued before they are recorded (see record): once every queued one is durable, the rollups
            // taken hold no check whose raw sample a crash could still lose.
            status.flushRollups(() -> {
                if (!buffer.awaitWritten(SAMPLES_DURABLE_WAIT)) {
                    throw new IllegalStateException("the samples the rollups hold are not written yet");
                }
            });
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

    /** True from the end of {@link #start()} to {@link #close()}: every monitor is being checked. */
    public boolean isRunning() {
        return checking && !closed;
    }

    /** Live status for the page and API. */
    public StatusQuery statusQuery() {
        return status;
    }

    /**
     * Every rollup recorded so far: the stored ones plus those pending in memory until the next write. Readers of
     * rollups (reports, exports) take this, never the {@link RollupStore} itself, which holds only what was written.
     */
    public RollupQuery rollupQuery() {
        return status.rollupQuery();
    }

    /**
     * The samples every reader (the API's samples, exports) is given: the stored ones and those waiting in the
     * buffer for the writer's next batch, so that a reader never lags the status it sees.
     */
    public SampleStore samples() {
        return samples;
    }

    /** Adds a listener of status changes (for example the live page's event stream). */
    public void addNotifier(Notifier notifier) {
        status.addNotifier(notifier);
    }

    /** Where push monitors' pushes are received (the probe environment's inbox). */
    public PushInbox pushes() {
        return environment.pushInbox();
    }

    /** The environment every probe of this engine is built with. */
    public ProbeEnvironment probeEnvironment() {
        return environment;
    }

    /** The maintenance windows this engine honours. */
    public MaintenanceCalendar maintenance() {
        return maintenance;
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
        // Not shutdownNow: an interrupt inside a database write can break an embedded H2 store for good (it closes
        // its file), and then the buffered samples and rollups below could not be written.
        housekeeping.shutdown();
        scheduler.shutdown(settings.shutdownGrace());
        probeExecutor.shutdownNow();
        buffer.close(settings.shutdownGrace());
        try {
            housekeeping.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushRollups();
        activeProbes.values().forEach(this::closeProbe);
        activeProbes.clear();
        environment.close();
    }
}
