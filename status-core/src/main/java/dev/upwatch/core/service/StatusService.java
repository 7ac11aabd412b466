package dev.upwatch.core.service;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.rule.HealthStateMachine;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.core.rule.UptimeCalculator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Keeps the live state of every monitor: applies each sample to the monitor's {@link HealthStateMachine}, commits
 * each status change with its consequences (the incident it opens or closes, every routed channel's notifications)
 * through the {@link TransitionJournal}, then tells the {@link Notifier}s, and holds a ready-made
 * {@link ServiceStatus} per monitor so that reading the page's data never touches storage. A restart restores each
 * monitor from its last committed status and replays only the stored samples after it: a change they show was never
 * committed (the process died first), so it is committed and notified now. Every check is also folded into the monitor's rollups
 * ({@link RollupRecorder}); uptime windows and daily bars are read from the {@link RollupStore} by
 * {@link #refreshHistory()}, never from raw samples. A sample taken inside one of the monitor's maintenance
 * windows makes it MAINTENANCE (see {@link HealthStateMachine}).
 */
public final class StatusService implements StatusQuery, CheckListener {
    private static final System.Logger LOG = System.getLogger(StatusService.class.getName());
    /** Response times kept in memory per monitor for the sparkline. */
    static final int RECENT_SAMPLES = 60;
    /** Days in the uptime bar. */
    public static final int BAR_DAYS = 90;

    private final Clock clock;
    private final SampleStore store;
    private final MaintenanceCalendar maintenance;
    private final RollupStore rollups;
    private final RollupRecorder recorder;
    /** Cached closed days and window edges; guarded by itself, which every flush and refresh hold. */
    private final UptimeHistory history;
    private final Instant startedAt;
    private final TransitionJournal journal;
    /** Decides what a change does to incidents; absent when incidents are not kept (embedding). */
    private final Optional<IncidentService> incidents;
    private final List<Notifier> notifiers = new CopyOnWriteArrayList<>();
    /** Relates each change to the monitors it depends on and that depend on it ({@code depends-on}). */
    private final OutageAttribution attribution = new OutageAttribution();
    /** Each monitor's decided status and failing streak, as the attribution reads them. */
    private final OutageAttribution.LiveStates live = new OutageAttribution.LiveStates() {
        @Override
        public Status status(MonitorId id) {
            return decided(id);
        }

        @Override
        public boolean isOut(MonitorId id) {
            Entry entry = entries.get(id);
            return entry != null && (entry.decided == Status.DOWN || entry.failing);
        }
    };
    private final Map<MonitorId, Entry> entries = new ConcurrentHashMap<>();
    private volatile List<MonitorId> order = List.of();
    /** Counts every change of a service's status object or of the monitor list: what the cached snapshot is of. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    /**
     * The last snapshot built and the change count it was built at. The page and the API ask for the snapshot on
     * every request; building it costs a map lookup per monitor, so it is built again only after a change.
     */
    private volatile CachedSnapshot cached = new CachedSnapshot(-1, null);

    private record CachedSnapshot(long changes, StatusSnapshot snapshot) {
    }

    /** A service whose rollups are kept in memory only. */
    public StatusService(Clock clock, SampleStore store) {
        this(clock, store, new InMemoryRollupStore(), MaintenanceCalendar.NONE);
    }

    /** A status service that knows the maintenance windows; rollups in memory only. */
    public StatusService(Clock clock, SampleStore store, MaintenanceCalendar maintenance) {
        this(clock, store, new InMemoryRollupStore(), maintenance);
    }

    /** A service that restores from {@code store} and reads and writes history as rollups in {@code rollups}. */
    public StatusService(Clock clock, SampleStore store, RollupStore rollups) {
        this(clock, store, rollups, MaintenanceCalendar.NONE);
    }

    /** A service with rollups in {@code rollups} that knows the maintenance windows; changes committed in memory. */
    public StatusService(Clock clock, SampleStore store, RollupStore rollups, MaintenanceCalendar maintenance) {
        this(clock, store, rollups, maintenance, TransitionJournal.inMemory(), Optional.empty());
    }

    /**
     * A service that commits every status change through {@code journal}, with the incident events {@code incidents}
     * derives from it, before telling the notifiers; and restores each monitor from its last committed status.
     */
    public StatusService(Clock clock, SampleStore store, RollupStore rollups, MaintenanceCalendar maintenance,
                         TransitionJournal journal, Optional<IncidentService> incidents) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.rollups = Objects.requireNonNull(rollups, "rollups");
        this.recorder = new RollupRecorder(rollups);
        this.history = new UptimeHistory(rollups);
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.startedAt = clock.instant();
    }

    /** Adds a notifier told of every status change, and every completed check, from now on. */
    public void addNotifier(Notifier notifier) {
        notifiers.add(Objects.requireNonNull(notifier, "notifier"));
    }

    /**
     * Starts tracking {@code monitors} in this display order, restoring each new one: from its last committed status,
     * then the stored samples after it (a change they make was never committed: it is committed and notified now);
     * a monitor without a committed status (new, or from before the journal) replays its stored samples without
     * notifications, and that status is committed as its starting point. Monitors no longer listed are dropped.
     */
    public synchronized void track(List<Monitor> monitors) {
        List<MonitorId> ids = new ArrayList<>(monitors.size());
        attribution.track(monitors);
        Map<MonitorId, CommittedStatus> committed = monitors.stream().allMatch(m -> entries.containsKey(m.id()))
                ? Map.of() : journal.committed();
        List<StatusChange> uncommitted = new ArrayList<>();
        List<CommittedStatus> baselines = new ArrayList<>();
        List<Monitor> paused = new ArrayList<>();
        for (Monitor monitor : monitors) {
            ids.add(monitor.id());
            Entry existing = entries.get(monitor.id());
            if (existing != null) {
                if (monitor.paused() && !existing.monitor.paused()) {
                    paused.add(monitor);
                }
                existing.reconfigure(monitor);
            } else {
                entries.put(monitor.id(), restore(monitor, Optional.ofNullable(committed.get(monitor.id())),
                        uncommitted, baselines));
            }
        }
        entries.keySet().retainAll(ids);
        recorder.retain(ids);
        order = List.copyOf(ids);
        changes.incrementAndGet();
        journal.baseline(baselines);
        uncommitted.forEach(this::announce);
        paused.forEach(monitor -> notifiers.forEach(notifier -> {
            try {
                notifier.paused(monitor);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "notifier " + notifier.getClass().getName() + " failed", e);
            }
        }));
    }

    private Entry restore(Monitor monitor, Optional<CommittedStatus> committed, List<StatusChange> uncommitted,
                          List<CommittedStatus> baselines) {
        Entry entry = new Entry(monitor, committed.map(c -> HealthStateMachine.restored(c.status(), c.since()))
                .orElseGet(() -> HealthStateMachine.unknown(startedAt)), maintenance);
        List<Sample> stored;
        try {
            stored = store.recent(monitor.id(), RECENT_SAMPLES);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not restore " + monitor.id() + " from storage: " + e);
            stored = List.of();
        }
        for (int i = stored.size() - 1; i >= 0; i--) {
            Sample sample = stored.get(i);
            if (committed.isPresent() && !sample.startedAt().isAfter(committed.get().since())) {
                entry.observe(sample); // judged by the committed status already
            } else {
                entry.apply(sample).filter(change -> committed.isPresent()).ifPresent(uncommitted::add);
            }
        }
        if (committed.isEmpty()) {
            baselines.add(new CommittedStatus(monitor.id(), entry.machine.status(), entry.machine.since()));
        }
        if (!stored.isEmpty()) {
            recorder.seed(monitor.id(), stored.getFirst().startedAt(), entry.machine.status());
        }
        entry.publish();
        return entry;
    }

    /**
     * Takes over statuses another node of a cluster committed for monitors this node does not check now: each
     * monitor's state restarts from the committed status (no consecutive counts, as after a restart) and is shown at
     * once, and its open incident is read again from the store, so that when this node takes the monitor over, its
     * next change continues from what was committed (no second DOWN, no second incident). Nothing is committed or
     * notified here. Statuses equal to what this node holds, and monitors it does not track, are left alone.
     *
     * @return the monitors whose status changed here
     */
    public List<MonitorId> adopt(List<CommittedStatus> committed) {
        List<MonitorId> adopted = new ArrayList<>();
        for (CommittedStatus status : committed) {
            Entry entry = entries.get(status.monitor());
            if (entry == null) {
                continue;
            }
            synchronized (entry) {
                if (entry.machine.status() == status.status() && entry.machine.since().equals(status.since())) {
                    continue;
                }
                entry.machine = HealthStateMachine.restored(status.status(), status.since());
                entry.publish();
            }
            adopted.add(status.monitor());
        }
        if (!adopted.isEmpty()) {
            incidents.ifPresent(service -> service.follow(adopted));
        }
        return adopted;
    }

    /** True when {@code id} has no verdict yet (no decisive check stored or seen). */
    public boolean hasNoVerdict(MonitorId id) {
        Entry entry = entries.get(id);
        return entry == null || entry.current.status() == Status.UNKNOWN;
    }

    /**
     * Judges a check of {@code monitor}: the maintenance window covering it is looked up once, here, and both excuses
     * a failure (recorded as ERROR) and makes the monitor MAINTENANCE; consecutive results are counted once, by the
     * monitor's {@link HealthStateMachine}, which also answers whether to retry sooner.
     *
     * @return the sample as recorded, and whether to check again sooner
     */
    @Override
    public CheckVerdict checked(Monitor monitor, Sample raw) {
        return checked(monitor, raw, recorded -> { });
    }

    /**
     * As {@link #checked(Monitor, Sample)}, handing the sample as recorded to {@code store} before any change it decides
     * is committed: a committed status always has its deciding sample ahead of it in the store's queue, so a crash
     * between the two loses the commit, never the sample behind a committed change.
     */
    public CheckVerdict checked(Monitor monitor, Sample raw, Consumer<Sample> store) {
        Entry entry = entries.get(monitor.id());
        if (entry == null) {
            store.accept(raw);
            return CheckVerdict.unjudged(raw); // removed while its check was in flight
        }
        Optional<StatusChange> change;
        Sample sample;
        boolean retrySooner;
        synchronized (entry) {
            Optional<MaintenanceWindow.Occurrence> open = maintenance.openFor(monitor.id(), raw.startedAt());
            sample = MaintenanceCalendar.excused(raw, open);
            change = entry.apply(sample, open);
            retrySooner = entry.machine.retriesSooner(entry.monitor, sample);
            Status after = entry.machine.status();
            if (change.isEmpty() && attribution.released(monitor.id(), after, live)) {
                change = Optional.of(entry.ownOutage(sample));
            }
            entry.counted(recorder.record(entry.monitor, sample, after), sample, RollupRecorder.counts(sample, after));
            if (change.isEmpty()) {
                entry.publish(); // a change is published once it is committed, see announce
            }
        }
        store.accept(sample);
        change.ifPresent(this::announce);
        for (Notifier notifier : notifiers) {
            try {
                notifier.checked(monitor, sample);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "notifier " + notifier.getClass().getName() + " failed", e);
            }
        }
        return new CheckVerdict(sample, retrySooner);
    }

    /**
     * Commits the change with its incident events and notifications, then shows it (the monitor's status as the page
     * and API read it) and tells the incident listeners and the notifiers (the live page, logs, metrics): whoever sees
     * the new status sees its incident too, and all of them react only to what is committed (or, when the store
     * fails, to what memory decided; see {@link TransitionJournal}).
     */
    private void announce(StatusChange decided) {
        StatusChange change = attribution.attribute(decided, live);
        // An outage that belongs to a monitor it depends on opens no incident of its own: the parent's tells it.
        List<IncidentEvent> incidentEvents = change.cause().isPresent() && change.current() != Status.UP ? List.of()
                : incidents.map(service -> service.consequences(change)).orElse(List.of());
        journal.record(change, incidentEvents);
        Entry entry = entries.get(change.monitor().id());
        if (entry != null) {
            synchronized (entry) {
                entry.publish();
            }
        }
        if (change.previous() == Status.DOWN || change.current() == Status.DOWN) {
            republish(attribution.dependents(change.monitor().id())); // their reason names this outage, or no longer
        }
        LOG.log(System.Logger.Level.INFO, "status of " + change.monitor().id() + ": " + change.previous().wireName()
                + " -> " + change.current().wireName() + " (" + change.reason() + ")");
        incidents.ifPresent(service -> service.announce(incidentEvents));
        for (Notifier notifier : notifiers) {
            try {
                notifier.statusChanged(change);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "notifier " + notifier.getClass().getName() + " failed", e);
            }
        }
    }

    /** The status {@code id} is decided to be in now (before its change is committed); UNKNOWN when not tracked. */
    private Status decided(MonitorId id) {
        Entry entry = entries.get(id);
        return entry == null ? Status.UNKNOWN : entry.decided;
    }

    private void republish(List<Monitor> monitors) {
        for (Monitor monitor : monitors) {
            Entry entry = entries.get(monitor.id());
            if (entry != null) {
                synchronized (entry) {
                    entry.publish();
                }
            }
        }
    }

    /**
     * Writes the pending rollups to the {@link RollupStore}; a failed write is kept and retried on the next flush.
     *
     * @throws RuntimeException when the store cannot be written
     */
    public void flushRollups() {
        synchronized (history) {
            history.written(recorder.flush());
        }
    }

    /**
     * Deletes rollups older than their tier's retention.
     *
     * @return buckets deleted
     */
    public long applyRetention(RollupRetention retention) {
        Instant now = clock.instant();
        long deleted = 0;
        for (RollupTier tier : RollupTier.values()) {
            // RollupRetention's minimums keep this out of what UptimeHistory caches or reads.
            deleted += rollups.deleteBefore(tier, tier.floor(now.minus(retention.of(tier))));
        }
        return deleted;
    }

    /**
     * Writes pending rollups, then brings the uptime counts of every window and the daily bars of all monitors up to
     * now. They equal what the {@link RollupStore} sums over {@link UptimeCalculator#ranges}, but closed days and the
     * windows' first days are kept in memory ({@link UptimeHistory}): after the first call (which reads a year of day
     * rows) a refresh reads only the buckets that left a window since the last refresh. A failed
     * write is logged and the figures are read regardless.
     */
    public void refreshHistory() {
        Map<UptimeWindow, Map<MonitorId, CheckCounts>> windows;
        Map<MonitorId, List<DailyCounts>> days;
        long written;
        synchronized (history) {
            try {
                history.written(recorder.flush());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not write rollups, retrying later: " + e);
            }
            history.refresh(clock.instant(), BAR_DAYS);
            windows = history.windows();
            days = history.bars();
            written = recorder.writtenThrough(); // what the figures just read hold; later checks are added per entry
        }
        for (Entry entry : entries.values()) {
            MonitorId id = entry.monitor.id();
            Map<UptimeWindow, CheckCounts> counts = new EnumMap<>(UptimeWindow.class);
            windows.forEach((window, byMonitor) -> counts.put(window, byMonitor.getOrDefault(id, CheckCounts.NONE)));
            synchronized (entry) {
                entry.rebase(counts, days.getOrDefault(id, List.of()), written);
                entry.publish();
            }
        }
    }

    @Override
    public StatusSnapshot snapshot() {
        long version = changes.get();
        CachedSnapshot last = cached;
        if (last.changes() == version) {
            return last.snapshot();
        }
        // A change during the build leaves the count ahead of the cached version, so the next call builds again.
        StatusSnapshot built = buildSnapshot();
        cached = new CachedSnapshot(version, built);
        return built;
    }

    private StatusSnapshot buildSnapshot() {
        List<ServiceStatus> services = new ArrayList<>(order.size());
        Instant updatedAt = startedAt;
        List<Status> statuses = new ArrayList<>(order.size());
        for (MonitorId id : order) {
            Entry entry = entries.get(id);
            if (entry == null) {
                continue;
            }
            ServiceStatus service = entry.current;
            services.add(service);
            if (!service.monitor().paused()) {
                statuses.add(service.status()); // a paused monitor is not watched: it says nothing about the page
            }
            Optional<Instant> checked = service.lastSample().map(Sample::startedAt);
            if (checked.isPresent() && checked.get().isAfter(updatedAt)) {
                updatedAt = checked.get();
            }
        }
        return new StatusSnapshot(updatedAt, Status.worst(statuses), services);
    }

    @Override
    public Optional<ServiceStatus> service(MonitorId id) {
        return Optional.ofNullable(entries.get(id)).map(entry -> entry.current);
    }

    @Override
    public List<Sample> recentSamples(MonitorId id, int limit) {
        return entries.containsKey(id) ? store.recent(id, limit) : List.of();
    }

    @Override
    public List<Rollup> rollups(MonitorId id, RollupTier tier,
                                                       Instant from, Instant to) {
        if (!entries.containsKey(id)) {
            return List.of();
        }
        // Stored buckets plus what is still pending, so that a read shows every check seen so far.
        java.util.TreeMap<Instant, Rollup> merged = new java.util.TreeMap<>();
        for (Rollup rollup : rollups.series(id, tier, from, to)) {
            merged.put(rollup.start(), rollup);
        }
        for (Rollup rollup : recorder.pending(id, tier, from, to)) {
            merged.merge(rollup.start(), rollup, Rollup::plus);
        }
        return List.copyOf(merged.values());
    }

    /** Checks of one flush generation and UTC day that the last history refresh did not hold. */
    private record Unrefreshed(long generation, java.time.LocalDate day, CheckCounts counts) {
    }

    /** One monitor's live state; mutated under its own lock, read through the immutable {@link #current}. */
    /** Not static: publishing a new status counts a change for the cached snapshot. */
    private final class Entry {
        private Monitor monitor;
        /** Replaced only by {@link #adopt}; read and written under the entry's lock once the entry is shared. */
        private HealthStateMachine machine;
        private final MaintenanceCalendar maintenance;
        /** Ring of the latest response times in nanoseconds; {@code recentCount} of them are valid. */
        private final long[] recentNanos = new long[RECENT_SAMPLES];
        private int recentCount;
        private int recentNext;
        private Sample last;
        /** Window counts and daily bars as of the last history refresh. */
        private Map<UptimeWindow, CheckCounts> windowCounts = Map.of();
        private List<DailyCounts> dailyCounts = List.of();
        /**
         * Checks since the last history refresh that it did not hold yet, by flush generation and UTC day (a few per
         * monitor: one per flush since the refresh), so that the page and API count every check at once.
         */
        private final java.util.ArrayDeque<Unrefreshed> unrefreshed = new java.util.ArrayDeque<>();
        private volatile ServiceStatus current;
        /** The machine's status, readable by other monitors' checks (which hold no lock of this entry). */
        private volatile Status decided;
        /** True while its latest decisive check failed (a monitor on its way to DOWN, or DOWN). */
        private volatile boolean failing;

        Entry(Monitor monitor, HealthStateMachine machine, MaintenanceCalendar maintenance) {
            this.monitor = monitor;
            this.machine = machine;
            this.decided = machine.status();
            this.maintenance = maintenance;
            publish();
        }

        synchronized void reconfigure(Monitor changed) {
            monitor = changed;
            publish();
        }

        Optional<StatusChange> apply(Sample sample) {
            return apply(sample, maintenance.openFor(monitor.id(), sample.startedAt()));
        }

        /** Applies {@code sample}, taken inside {@code open} if present (looked up once by the caller). */
        Optional<StatusChange> apply(Sample sample, Optional<MaintenanceWindow.Occurrence> open) {
            observe(sample);
            Optional<StatusChange> change = machine.apply(monitor, sample,
                    open.map(occurrence -> occurrence.window().title()));
            decided = machine.status();
            if (sample.outcome() == dev.upwatch.core.model.Outcome.FAILURE) {
                failing = true;
            } else if (sample.outcome() == dev.upwatch.core.model.Outcome.SUCCESS) {
                failing = false;
            }
            return change;
        }

        /**
         * Its outage, attributed to a monitor it depends on until now, as a change of its own: from UP (what was last
         * notified) to its status, since it began, seen by {@code sample}.
         */
        StatusChange ownOutage(Sample sample) {
            Status status = machine.status();
            return new StatusChange(monitor, Status.UP, status, machine.since(), sample,
                    dev.upwatch.core.model.StatusReason.of(monitor, status, Optional.of(sample)).orElse(status.wireName()));
        }

        /** Keeps the sample as the latest and its response time for the sparkline, without judging it. */
        void observe(Sample sample) {
            last = sample;
            recentNanos[recentNext] = sample.responseTime().toNanos();
            recentNext = (recentNext + 1) % RECENT_SAMPLES;
            recentCount = Math.min(recentCount + 1, RECENT_SAMPLES);
        }

        /** Counts a check of flush generation {@code generation} until a history refresh holds it. */
        void counted(long generation, Sample sample, CheckCounts counts) {
            java.time.LocalDate day = java.time.LocalDate.ofInstant(sample.startedAt(), java.time.ZoneOffset.UTC);
            Unrefreshed newest = unrefreshed.peekLast();
            if (newest != null && newest.generation() == generation && newest.day().equals(day)) {
                unrefreshed.pollLast();
                counts = counts.plus(newest.counts());
            }
            unrefreshed.addLast(new Unrefreshed(generation, day, counts));
        }

        /** Takes the refreshed figures, which hold every check of flush generation {@code written} or older. */
        void rebase(Map<UptimeWindow, CheckCounts> windows, List<DailyCounts> days, long written) {
            windowCounts = windows;
            dailyCounts = days;
            unrefreshed.removeIf(checks -> checks.generation() <= written);
        }

        void publish() {
            List<Duration> times = new ArrayList<>(recentCount);
            for (int i = recentCount; i > 0; i--) {
                times.add(Duration.ofNanos(recentNanos[Math.floorMod(recentNext - i, RECENT_SAMPLES)]));
            }
            Map<UptimeWindow, CheckCounts> windows = windowCounts;
            List<DailyCounts> days = dailyCounts;
            if (!unrefreshed.isEmpty()) {
                // A check just taken lies inside every window; its day is the bar's newest (or a new one).
                windows = new EnumMap<>(UptimeWindow.class);
                java.util.TreeMap<java.time.LocalDate, CheckCounts> byDay = new java.util.TreeMap<>();
                dailyCounts.forEach(d -> byDay.put(d.day(), d.counts()));
                CheckCounts added = CheckCounts.NONE;
                for (Unrefreshed checks : unrefreshed) {
                    added = added.plus(checks.counts());
                    byDay.merge(checks.day(), checks.counts(), CheckCounts::plus);
                }
                for (UptimeWindow window : UptimeWindow.values()) {
                    windows.put(window, windowCounts.getOrDefault(window, CheckCounts.NONE).plus(added));
                }
                days = byDay.entrySet().stream().map(e -> new DailyCounts(e.getKey(), e.getValue())).toList();
            }
            current = new ServiceStatus(monitor, machine.status(), machine.since(), Optional.ofNullable(last), times,
                    windows, days, attribution.blockedBy(monitor.id(), machine.status(), StatusService.this::decided));
            changes.incrementAndGet();
        }
    }
}
