package dev.upwatch.core.service;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.LocationStatus;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupMark;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.port.RollupQuery;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.rule.HealthStateMachine;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.core.rule.QuorumVerdict;
import dev.upwatch.core.rule.UptimeCalculator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    /** How a location's vote refused by its egress policy begins: "blocked by the egress policy of nyc". */
    public static final String BLOCKED_FROM = "blocked by the egress policy of ";
    /** Response times kept in memory per monitor for the sparkline. */
    static final int RECENT_SAMPLES = 60;
    /** Days in the uptime bar. */
    public static final int BAR_DAYS = 90;

    private final Clock clock;
    private final SampleStore store;
    private final MaintenanceCalendar maintenance;
    private final RollupStore rollups;
    private final RollupRecorder recorder;
    /** The stored rollups plus the pending ones: what every reader of rollups is given. */
    private final RollupQuery recorded;
    /** Cached closed days and window edges; guarded by itself, which every flush and refresh hold. */
    private final UptimeHistory history;
    private final Instant startedAt;
    private final TransitionJournal journal;
    /** Decides what a change does to incidents; absent when incidents are not kept (embedding). */
    private final Optional<IncidentService> incidents;
    /** In a cluster: this node's location; each monitor's status is then decided by quorum of its locations. */
    private final Optional<Vantage> vantage;
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
        this(clock, store, rollups, maintenance, journal, incidents, Optional.empty());
    }

    /**
     * As above; with a {@code vantage} (a node of a cluster), each check is this location's verdict and the monitor's
     * status is decided from every location's verdict by quorum ({@link #checkedFrom}).
     */
    public StatusService(Clock clock, SampleStore store, RollupStore rollups, MaintenanceCalendar maintenance,
                         TransitionJournal journal, Optional<IncidentService> incidents, Optional<Vantage> vantage) {
        this.vantage = Objects.requireNonNull(vantage, "vantage");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.rollups = Objects.requireNonNull(rollups, "rollups");
        this.recorder = new RollupRecorder(rollups);
        this.recorded = new RecordedRollups(rollups, recorder);
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
        boolean allKnown = monitors.stream().allMatch(m -> entries.containsKey(m.id()));
        boolean first = entries.isEmpty();
        Map<MonitorId, CommittedStatus> committed = allKnown ? Map.of() : journal.committed();
        Map<MonitorId, RollupMark> marks = allKnown ? Map.of() : storedMarks();
        Map<MonitorId, List<LocationStatus>> located = new java.util.HashMap<>();
        if (!allKnown && vantage.isPresent()) {
            journal.locationStatuses().forEach(l -> located.computeIfAbsent(l.monitor(), id -> new ArrayList<>()).add(l));
        }
        List<StatusChange> uncommitted = new ArrayList<>();
        List<CommittedStatus> baselines = new ArrayList<>();
        List<RollupMark> firstMarks = new ArrayList<>();
        List<Monitor> paused = new ArrayList<>();
        Map<MonitorId, List<Sample>> storedSamples = recentOfEach(monitors.stream()
                .filter(monitor -> !entries.containsKey(monitor.id())).toList());
        for (Monitor monitor : monitors) {
            ids.add(monitor.id());
            Entry existing = entries.get(monitor.id());
            if (existing != null) {
                if (monitor.paused() && !existing.monitor.paused()) {
                    paused.add(monitor);
                }
                existing.reconfigure(monitor);
            } else {
                List<Sample> stored = storedSamples.getOrDefault(monitor.id(), List.of());
                Entry entry = restore(monitor, Optional.ofNullable(committed.get(monitor.id())), stored,
                        uncommitted, baselines);
                located.getOrDefault(monitor.id(), List.of()).forEach(l -> entry.locations.put(l.location(), l));
                entry.publish();
                RollupMark mark = marks.get(monitor.id());
                if (mark == null) {
                    // New, or from before marks were kept: its rollups hold what earlier runs wrote, and this run's
                    // checks from here on.
                    firstMarks.add(new RollupMark(monitor.id(), startedAt, entry.machine.status()));
                } else {
                    completeRollups(monitor, mark, entry, stored);
                }
                entries.put(monitor.id(), entry);
            }
        }
        if (!firstMarks.isEmpty()) {
            try {
                rollups.add(List.of(), firstMarks);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not write rollup marks, retrying later: " + e);
                firstMarks.forEach(recorder::markFrom);
            }
        }
        if (first) {
            // Before anything is checked the recorder holds only rebuilt rollups, of stored samples: make them durable.
            try {
                flushRollups();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not write rollups, retrying later: " + e);
            }
        }
        // A set: retainAll asks contains of each kept key, which on the list was 1,000 × 1,000 equals at a start.
        java.util.Set<MonitorId> tracked = new java.util.HashSet<>(ids);
        entries.keySet().retainAll(tracked);
        recorder.retain(tracked);
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

    private Map<MonitorId, RollupMark> storedMarks() {
        try {
            return rollups.marks();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read how far the stored rollups go: " + e);
            return Map.of();
        }
    }

    /**
     * Adds to the rollups the stored checks of {@code monitor} that its stored rollups do not hold yet (those after
     * its mark: a crash lost them from memory), judged from the status at the mark on, as they were when taken.
     */
    private void completeRollups(Monitor monitor, RollupMark mark, Entry entry, List<Sample> recent) {
        List<Sample> unrolled;
        if (recent.size() < RECENT_SAMPLES || !recent.getLast().startedAt().isAfter(mark.through())) {
            // The newest stored samples (newest first) reach back to the mark: no read (the case after a clean stop).
            unrolled = recent.stream().filter(sample -> sample.startedAt().isAfter(mark.through())).toList().reversed();
        } else {
            try {
                unrolled = store.between(monitor.id(), mark.through().plus(1, ChronoUnit.MICROS),
                        clock.instant().plus(Duration.ofDays(1)), Integer.MAX_VALUE);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not complete the rollups of " + monitor.id() + ": " + e);
                return;
            }
        }
        HealthStateMachine machine = HealthStateMachine.restored(mark.status(), mark.through());
        recorder.seed(monitor.id(), mark.through(), mark.status());
        for (Sample sample : unrolled) {
            machine.apply(monitor, sample, maintenance.openFor(monitor.id(), sample.startedAt())
                    .map(open -> open.window().title()));
            Status after = machine.status();
            entry.counted(recorder.record(monitor, sample, after), sample, RollupRecorder.counts(sample, after));
        }
        if (!unrolled.isEmpty()) {
            // Down time after the newest check follows the live status, as restored from the journal.
            recorder.seed(monitor.id(), unrolled.getLast().startedAt(), entry.machine.status());
            LOG.log(System.Logger.Level.INFO, "added " + unrolled.size() + " stored checks of " + monitor.id()
                    + " to its rollups");
            entry.publish();
        }
    }

    /**
     * The newest stored samples of each monitor, newest first, at most {@value #RECENT_SAMPLES} each, read at once (a
     * start reads 1,000 monitors' in a few queries, not 1,000); when that fails, each monitor's alone, as before.
     */
    private Map<MonitorId, List<Sample>> recentOfEach(List<Monitor> fresh) {
        if (fresh.isEmpty()) {
            return Map.of();
        }
        try {
            return store.recentOfEach(fresh.stream().map(Monitor::id).toList(), RECENT_SAMPLES);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read the stored samples of " + fresh.size()
                    + " monitors at once, reading each alone: " + e);
            Map<MonitorId, List<Sample>> each = new java.util.HashMap<>();
            fresh.forEach(monitor -> each.put(monitor.id(), recent(monitor)));
            return each;
        }
    }

    /** The newest stored samples of a monitor, newest first, at most {@value #RECENT_SAMPLES}; none when unreadable. */
    private List<Sample> recent(Monitor monitor) {
        try {
            return store.recent(monitor.id(), RECENT_SAMPLES);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not restore " + monitor.id() + " from storage: " + e);
            return List.of();
        }
    }

    private Entry restore(Monitor monitor, Optional<CommittedStatus> committed, List<Sample> stored,
                          List<StatusChange> uncommitted, List<CommittedStatus> baselines) {
        Entry entry = new Entry(monitor, committed.map(c -> HealthStateMachine.restored(c.status(), c.since()))
                .orElseGet(() -> HealthStateMachine.unknown(startedAt)), maintenance);
        for (int i = stored.size() - 1; i >= 0; i--) {
            Sample sample = stored.get(i);
            if (vantage.isPresent() || committed.isPresent() && !sample.startedAt().isAfter(committed.get().since())) {
                // In a cluster the locations decide, through their committed verdicts: samples are only shown.
                entry.observe(sample); // judged by the committed status already
            } else {
                entry.apply(sample).filter(change -> committed.isPresent()).ifPresent(uncommitted::add);
            }
        }
        if (committed.isEmpty() && vantage.isEmpty()) { // a cluster's first report writes the row
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
        List<MonitorId> changed = new ArrayList<>();
        for (CommittedStatus status : committed) {
            Entry entry = entries.get(status.monitor());
            if (entry == null) {
                continue;
            }
            synchronized (entry) {
                boolean located = entry.adoptLocations(status.locations());
                if (entry.holds(status)) {
                    if (located) {
                        entry.publish();
                        changed.add(status.monitor());
                    }
                    continue;
                }
                entry.machine = HealthStateMachine.restored(status.status(), status.since());
                entry.decided = status.status();
                entry.publish();
            }
            adopted.add(status.monitor());
        }
        if (!adopted.isEmpty()) {
            incidents.ifPresent(service -> service.follow(adopted));
        }
        changed.addAll(adopted);
        return changed;
    }

    /** True when each monitor's status is decided by quorum of its locations (a node of a cluster). */
    public boolean decidesByQuorum() {
        return vantage.isPresent();
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
        if (vantage.isPresent()) {
            return checkedFrom(vantage.get().location(), monitor, raw, store);
        }
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
        return told(monitor, sample, retrySooner);
    }

    /** Tells every notifier of the check; a failing notifier stops none of the others. */
    private CheckVerdict told(Monitor monitor, Sample sample, boolean retrySooner) {
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
     * Judges a check of {@code monitor} taken from {@code location}: the one entry point of a location's checks in a
     * cluster (this node's own, or a remote agent's). The location's {@link HealthStateMachine} applies the thresholds
     * to that location's checks; its verdict is committed as the location's status and, in the same transaction, with
     * the monitor's status row locked, the monitor's status is decided from every location's verdict
     * ({@link QuorumVerdict}): a change is committed there with its incident events and notifications, then shown and
     * told as {@link #announce} does. Failing from fewer locations than the quorum is only shown
     * ({@link ServiceStatus#failingFrom()}).
     *
     * @param store takes the sample as recorded before any change it decides is committed
     * @return the sample as recorded, and whether the location checks again sooner
     */
    public CheckVerdict checkedFrom(Location location, Monitor monitor, Sample raw, Consumer<Sample> store) {
        Objects.requireNonNull(location, "location");
        Entry entry = entries.get(monitor.id());
        if (entry == null) {
            store.accept(raw);
            return CheckVerdict.unjudged(raw); // removed while its check was in flight
        }
        Sample sample;
        boolean retrySooner;
        LocationStatus report;
        boolean due;
        synchronized (entry) {
            Optional<MaintenanceWindow.Occurrence> open = maintenance.openFor(monitor.id(), raw.startedAt());
            sample = MaintenanceCalendar.excused(entry.judgedFromSeveral(location) ? vote(location, raw) : raw, open)
                    .from(location);
            entry.observe(sample);
            HealthStateMachine machine = entry.machineAt(location, clock.instant());
            machine.apply(entry.monitor, sample, open.map(occurrence -> occurrence.window().title()));
            retrySooner = machine.retriesSooner(entry.monitor, sample);
            report = new LocationStatus(monitor.id(), location, machine.status(), micros(machine.since()),
                    micros(sample.startedAt()), sample.responseTime(),
                    dev.upwatch.core.model.StatusReason.of(entry.monitor, machine.status(), Optional.of(sample))
                            .filter(reason -> machine.status() != Status.UP).orElse(""));
            entry.locations.put(location, report);
            due = entry.reportDue(report, vantage.map(Vantage::grace).orElse(Duration.ZERO));
            Status after = entry.machine.status();
            entry.counted(recorder.record(entry.monitor, sample, after), sample, RollupRecorder.counts(sample, after));
            entry.publish();
        }
        store.accept(sample);
        if (due) {
            decideByQuorum(entry, report, sample);
        }
        return told(monitor, sample, retrySooner);
    }

    /**
     * Commits {@code report} and decides the monitor's status in its transaction. When the committed status is not
     * the one this node holds (another node decided a change this node has not adopted yet), nothing is decided: the
     * committed status and its incident are adopted, and the report is made once more.
     */
    private void decideByQuorum(Entry entry, LocationStatus report, Sample sample) {
        Duration grace = vantage.map(Vantage::grace).orElse(Duration.ZERO);
        for (int attempt = 0; attempt < 2; attempt++) {
            List<CommittedStatus> behind = new ArrayList<>(1);
            List<List<IncidentEvent>> events = new ArrayList<>(1);
            TransitionJournal.Reported reported = journal.report(report, standing -> {
                StatusChange decided;
                synchronized (entry) {
                    entry.adoptLocations(standing.locations());
                    if (!entry.holds(standing)) {
                        behind.add(standing);
                        return Optional.empty();
                    }
                    QuorumVerdict verdict = QuorumVerdict.of(entry.monitor, standing.locations(), report.checkedAt(),
                            grace);
                    if (verdict.status() == standing.status()) {
                        return Optional.empty();
                    }
                    decided = new StatusChange(entry.monitor, standing.status(), verdict.status(), report.checkedAt(),
                            sample, quorumReason(entry.monitor, verdict, report, sample));
                    entry.decided = verdict.status();
                }
                StatusChange change = attribution.attribute(decided, live);
                List<IncidentEvent> caused = change.cause().isPresent() && change.current() != Status.UP ? List.of()
                        : incidents.map(service -> service.consequences(change)).orElse(List.of());
                events.add(caused);
                return Optional.of(new TransitionJournal.Decided(change, caused));
            });
            if (!behind.isEmpty()) {
                adopt(behind);
                continue;
            }
            if (reported.stored()) {
                synchronized (entry) {
                    entry.reported.put(report.location(), report);
                }
            }
            Optional<StatusChange> committed = reported.change();
            if (committed.isPresent()) {
                StatusChange change = committed.get();
                synchronized (entry) {
                    entry.machine = HealthStateMachine.restored(change.current(), micros(change.at()));
                }
                shown(change, events.getFirst());
            } else {
                synchronized (entry) {
                    entry.decided = entry.machine.status(); // nothing committed: what this node holds stands
                    entry.publish();
                }
            }
            return;
        }
    }

    /**
     * {@code sample} as {@code location}'s vote on a monitor judged from several locations: a check that
     * {@code location}'s egress policy refused ({@link Outcome#BLOCKED}) means the service cannot be reached from
     * there, so it is a failure from that location, e.g. {@code blocked by the egress policy of nyc: 127.0.0.1 is a
     * loopback address}; the other locations' verdicts decide whether that is an outage. Any other sample is its own
     * vote.
     */
    static Sample vote(Location location, Sample sample) {
        if (sample.outcome() != Outcome.BLOCKED) {
            return sample;
        }
        String refusal = sample.failureReason().orElse("");
        String why = refusal.startsWith(EgressPolicy.BLOCKED_PREFIX)
                ? refusal.substring(EgressPolicy.BLOCKED_PREFIX.length()) : refusal;
        String reason = BLOCKED_FROM + location.value() + (why.isEmpty() ? "" : ": " + why);
        return new Sample(sample.monitorId(), sample.startedAt(), sample.responseTime(), Outcome.FAILURE,
                Optional.of(reason), sample.conditionResults(), sample.certificateExpiry(), sample.phases());
    }

    /** Why the monitor changed: the deciding report's reason (or a failing location's) and where it failed. */
    private static String quorumReason(Monitor monitor, QuorumVerdict verdict, LocationStatus report, Sample sample) {
        if (verdict.status() != Status.DOWN && verdict.status() != Status.DEGRADED) {
            return dev.upwatch.core.model.StatusReason.of(monitor, verdict.status(), Optional.of(sample))
                    .orElse(verdict.status().wireName());
        }
        List<LocationStatus> failing = verdict.counted().stream().filter(LocationStatus::failing).toList();
        String reason = report.failing() ? report.reason()
                : failing.stream().map(LocationStatus::reason).findFirst().orElse(verdict.status().wireName());
        return reason + " (from " + String.join(", ", failing.stream().map(l -> l.location().value()).toList()) + ")";
    }

    /** Instants as the store keeps them (to the microsecond), so that a committed status compares equal to memory's. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
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
        shown(change, incidentEvents);
    }

    /** Shows a committed change and tells the incident listeners and the notifiers. */
    private void shown(StatusChange change, List<IncidentEvent> incidentEvents) {
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
        flushRollups(() -> { });
    }

    /**
     * {@link #flushRollups()}, running {@code beforeWrite} once the pending rollups are taken and before they are
     * written ({@link RollupRecorder#flush(Runnable)}): the engine waits there for the samples they hold to be durable.
     */
    public void flushRollups(Runnable beforeWrite) {
        synchronized (history) {
            history.written(recorder.flush(beforeWrite));
        }
    }

    /**
     * Every rollup recorded so far, stored or still pending in memory (up to one flush interval of checks): what
     * reports, exports and series read, so that none misses the latest checks.
     */
    public RollupQuery rollupQuery() {
        return recorded;
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
     * Brings the uptime counts of every window and the daily bars of all monitors up to
     * now. They equal what the {@link RollupStore} sums over {@link UptimeCalculator#ranges}, but closed days and the
     * windows' first days are kept in memory ({@link UptimeHistory}): after the first call (which reads a year of day
     * rows) a refresh reads only the buckets that left a window since the last refresh. Pending rollups are not
     * written here ({@link #flushRollups} does, rarely); the checks they hold are added per monitor.
     */
    public void refreshHistory() {
        Map<UptimeWindow, Map<MonitorId, CheckCounts>> windows;
        Map<MonitorId, List<DailyCounts>> days;
        long written;
        synchronized (history) {
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
        return recorded.series(id, tier, from, to);
    }

    /**
     * Checks of one flush generation and UTC minute that the last history refresh did not hold. By minute, because a
     * window's start is a whole minute: a late check (recorded long after it started) is counted only in the windows
     * it lies in.
     */
    private record Unrefreshed(long generation, Instant minute, CheckCounts counts) {
        java.time.LocalDate day() {
            return java.time.LocalDate.ofInstant(minute, java.time.ZoneOffset.UTC);
        }
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
        /** In a cluster: each location's verdict as last committed or reported here, by location. */
        private final java.util.TreeMap<Location, LocationStatus> locations = new java.util.TreeMap<>();
        /** In a cluster: the verdict of each location this node last committed. */
        private final Map<Location, LocationStatus> reported = new java.util.HashMap<>();
        /** In a cluster: the state machines of the locations whose checks this node judges. */
        private final Map<Location, HealthStateMachine> locationMachines = new java.util.HashMap<>();

        Entry(Monitor monitor, HealthStateMachine machine, MaintenanceCalendar maintenance) {
            this.monitor = monitor;
            this.machine = machine;
            this.decided = machine.status();
            this.maintenance = maintenance;
            publish();
        }

        /**
         * The machine judging {@code location}'s checks here: started from the location's committed verdict (a node
         * taking the monitor over continues where the location was), or UNKNOWN.
         */
        HealthStateMachine machineAt(Location location, Instant now) {
            return locationMachines.computeIfAbsent(location, l -> Optional.ofNullable(locations.get(l))
                    .map(c -> HealthStateMachine.restored(c.status(), c.since()))
                    .orElseGet(() -> HealthStateMachine.unknown(now)));
        }

        /**
         * Takes the committed verdicts of the locations; a location whose verdict another node committed (around a
         * hand-over) restarts this node's machine of it from there.
         *
         * @return true when a location's verdict changed
         */
        boolean adoptLocations(List<LocationStatus> committed) {
            boolean changed = false;
            for (LocationStatus status : committed) {
                LocationStatus known = locations.get(status.location());
                if (known != null && status.checkedAt().isBefore(known.checkedAt())) {
                    continue; // read before a newer report of this node's: that one stands
                }
                if (known == null || known.status() != status.status() || !known.since().equals(status.since())) {
                    changed = true;
                    HealthStateMachine machine = locationMachines.get(status.location());
                    if (machine != null && (machine.status() != status.status()
                            || !micros(machine.since()).equals(status.since()))) {
                        locationMachines.put(status.location(),
                                HealthStateMachine.restored(status.status(), status.since()));
                    }
                }
                locations.put(status.location(), status);
            }
            return changed;
        }

        /**
         * Whether {@code report} must be committed now: when the location's verdict changed since this node last
         * committed it, when that was {@code refresh} or longer ago (its row must stay younger than the staleness
         * bound of {@link QuorumVerdict}, 3 intervals plus the lease), or when the verdicts this node knows make a
         * status other than the one it holds (a location went stale, or another's verdict tips the quorum). Otherwise
         * a steady check costs no transaction.
         */
        boolean reportDue(LocationStatus report, Duration refresh) {
            LocationStatus last = reported.get(report.location());
            return last == null || last.status() != report.status() || !last.since().equals(report.since())
                    || !report.checkedAt().isBefore(last.checkedAt().plus(refresh))
                    || QuorumVerdict.of(monitor, locations.values(), report.checkedAt(), refresh).status()
                    != machine.status();
        }

        /**
         * The locations' verdicts that count in the vote now (see {@link QuorumVerdict}): a location whose nodes are
         * gone is no longer shown, nor named in "failing from".
         */
        private java.util.SortedMap<Location, LocationStatus> counting() {
            java.util.TreeMap<Location, LocationStatus> shown = new java.util.TreeMap<>();
            if (locations.isEmpty()) {
                return shown;
            }
            QuorumVerdict.of(monitor, locations.values(), clock.instant(), vantage.map(Vantage::grace)
                    .orElse(Duration.ZERO)).counted().forEach(status -> shown.put(status.location(), status));
            return shown;
        }

        /**
         * True when the monitor is judged from more locations than {@code location}: it lists several, or it is
         * checked everywhere and another location has reported. A monitor judged from one location alone keeps a
         * refused check as BLOCKED (a configuration error of that location, not an outage).
         */
        boolean judgedFromSeveral(Location location) {
            List<Location> listed = monitor.placement().locations();
            return listed.isEmpty() ? locations.keySet().stream().anyMatch(l -> !l.equals(location)) : listed.size() > 1;
        }

        /** True when this entry's status is {@code committed}'s. */
        boolean holds(CommittedStatus committed) {
            return machine.status() == committed.status() && micros(machine.since()).equals(micros(committed.since()));
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
            Instant minute = RollupTier.MINUTE.floor(sample.startedAt());
            Unrefreshed newest = unrefreshed.peekLast();
            if (newest != null && newest.generation() == generation && newest.minute().equals(minute)) {
                unrefreshed.pollLast();
                counts = counts.plus(newest.counts());
            }
            unrefreshed.addLast(new Unrefreshed(generation, minute, counts));
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
                // A check just taken lies inside every window (a late one maybe not); its day is the bar's newest.
                windows = new EnumMap<>(UptimeWindow.class);
                java.util.TreeMap<java.time.LocalDate, CheckCounts> byDay = new java.util.TreeMap<>();
                dailyCounts.forEach(d -> byDay.put(d.day(), d.counts()));
                for (Unrefreshed checks : unrefreshed) {
                    byDay.merge(checks.day(), checks.counts(), CheckCounts::plus);
                }
                Instant now = clock.instant();
                for (UptimeWindow window : UptimeWindow.values()) {
                    Instant start = UptimeCalculator.windowStart(window, now);
                    CheckCounts added = CheckCounts.NONE;
                    for (Unrefreshed checks : unrefreshed) {
                        if (!checks.minute().isBefore(start)) {
                            added = added.plus(checks.counts());
                        }
                    }
                    windows.put(window, windowCounts.getOrDefault(window, CheckCounts.NONE).plus(added));
                }
                days = byDay.entrySet().stream().map(e -> new DailyCounts(e.getKey(), e.getValue())).toList();
            }
            current = new ServiceStatus(monitor, machine.status(), machine.since(), Optional.ofNullable(last), times,
                    windows, days, attribution.blockedBy(monitor.id(), machine.status(), StatusService.this::decided),
                    counting());
            changes.incrementAndGet();
        }
    }
}
