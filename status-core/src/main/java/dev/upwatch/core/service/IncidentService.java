package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.memory.InMemoryTransitionStore;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.StatusQuery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Keeps the incidents: derives automatic ones from status changes, serves them together with the manual
 * incidents and maintenance notices of the configuration, persists every change and tells the listeners.
 *
 * <p>Rules for automatic incidents, one active per monitor:
 * <ul>
 *   <li>a change to DOWN or DEGRADED opens one (impact = that status) unless the monitor has one open;</li>
 *   <li>a change to a worse status escalates its impact (DEGRADED → DOWN), a change to a milder one
 *       (DOWN → DEGRADED) is a partial recovery; both are timeline updates, the impact stays the worst seen;</li>
 *   <li>a change to UP resolves it, with the outage duration in the last update.</li>
 * </ul>
 * Every update carries the change's reason (the failing condition text, the probe error, the slow response).
 *
 * <p>Restarts: {@link #restore} reloads the unresolved automatic incidents from the store, so the next change
 * continues them instead of opening a duplicate. Live status after a restart is replayed from stored samples
 * without notifications, so what comes next decides: DOWN/DEGRADED → UP resolves the incident; UNKNOWN →
 * DOWN/DEGRADED (no stored verdict) continues it silently; UP → DOWN/DEGRADED means the monitor had recovered
 * before the restart without the incident being closed (a crash between the two), so the stale incident is
 * resolved at that change and a new one opened. {@link #reconcile} closes such a stale incident right after
 * start-up instead, when the restored status is already UP.
 *
 * <p>Configured incidents and maintenance are served as given: one is active until its end (none: until
 * resolved by configuration), and a maintenance announced ahead of its window is active too, recognisable by
 * {@link Incident#isUpcomingAt}. They are not stored; configuration is their source.
 *
 * <p>Store failures are logged and never stop checking: the in-memory state stays authoritative for open
 * incidents, and reads fall back to it.
 */
public final class IncidentService implements IncidentQuery, Notifier {
    private static final System.Logger LOG = System.getLogger(IncidentService.class.getName());
    /** Longest incident id; see {@link IncidentId}. */
    private static final int MAX_ID_LENGTH = 64;

    private final Clock clock;
    private final IncidentStore store;
    private final List<Incident> configured;
    private final List<IncidentListener> listeners;
    /** Commits every change of an incident, with the notifications it sends. */
    private final TransitionJournal journal;
    private final Map<MonitorId, Incident> open = new ConcurrentHashMap<>();
    /** Unresolved manual incidents and notices written through the admin API, by id. */
    private final Map<IncidentId, Incident> written = new ConcurrentHashMap<>();

    /**
     * @param clock      the wall clock
     * @param store      where incidents are kept
     * @param configured manual incidents and maintenance notices from the configuration
     * @param listeners  told of every opened, updated and resolved automatic incident
     */
    public IncidentService(Clock clock, IncidentStore store, List<Incident> configured,
                           Collection<IncidentListener> listeners) {
        this(clock, store, configured, listeners, new TransitionJournal(
                new InMemoryTransitionStore(store, new InMemoryOutboxStore()), List.of()));
    }

    /**
     * A service whose incident changes are committed through {@code journal}, with the notifications they send: those
     * of status changes by the {@link StatusService} that asks for {@link #consequences}, the others (restore,
     * reconcile, written incidents) by this service.
     *
     * @param store where incidents are read from (the journal's store writes them)
     */
    public IncidentService(Clock clock, IncidentStore store, List<Incident> configured,
                           Collection<IncidentListener> listeners, TransitionJournal journal) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.configured = List.copyOf(configured);
        this.listeners = List.copyOf(listeners);
        this.journal = Objects.requireNonNull(journal, "journal");
        Set<IncidentId> ids = new HashSet<>();
        for (Incident incident : this.configured) {
            if (incident.kind() == Incident.Kind.AUTOMATIC) {
                throw new IllegalArgumentException("configured incident " + incident.id() + " cannot be automatic");
            }
            if (!ids.add(incident.id())) {
                throw new IllegalArgumentException("configured incident id " + incident.id() + " is used twice");
            }
        }
    }

    /**
     * Reloads the unresolved automatic incidents from the store; call once before checking starts. Those of
     * monitors no longer in {@code watched} are resolved now, since nothing would ever resolve them.
     */
    public void restore(Collection<MonitorId> watched) {
        List<IncidentEvent> events = new ArrayList<>();
        synchronized (this) {
            restore(watched, events);
        }
        publish(events);
    }

    private void restore(Collection<MonitorId> watched, List<IncidentEvent> events) {
        List<Incident> stored;
        try {
            stored = store.active();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not restore open incidents from storage: " + e);
            return;
        }
        Instant from = clock.instant();
        List<Incident> written = new ArrayList<>(stored);
        try {
            written.addAll(store.between(from, from.plus(Duration.ofDays(3_660)))); // ongoing or upcoming maintenance
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not restore maintenance notices from storage: " + e);
        }
        written.stream().filter(i -> i.kind() != Incident.Kind.AUTOMATIC && !isConfigured(i.id()))
                .filter(i -> i.isActiveAt(from))
                .forEach(incident -> this.written.put(incident.id(), incident));
        Set<MonitorId> known = Set.copyOf(watched);
        // Oldest first, so that if a monitor somehow has several open, the newest one wins and the others close.
        List<Incident> automatic = stored.stream().filter(i -> i.kind() == Incident.Kind.AUTOMATIC)
                .sorted(Incident.NEWEST_FIRST.reversed()).toList();
        Instant now = at(clock.instant());
        for (Incident incident : automatic) {
            if (incident.services().size() != 1) {
                LOG.log(System.Logger.Level.WARNING, "ignoring stored automatic incident " + incident.id()
                        + " with " + incident.services().size() + " services");
                continue;
            }
            MonitorId monitorId = incident.services().getFirst();
            if (!known.contains(monitorId)) {
                resolve(incident, now, monitorId + " is no longer monitored", events);
                continue;
            }
            Incident previous = open.put(monitorId, incident);
            if (previous != null) {
                resolve(previous, incident.startedAt(), "superseded by incident " + incident.id(), events);
            }
        }
        if (!open.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "restored " + open.size() + " open incidents");
        }
    }

    /**
     * Reads the open automatic incident of each of {@code monitors} again from the store, where another node of a
     * cluster committed it with the monitor's status change ({@link StatusService#adopt}); a monitor without one in
     * the store has none here either. Nothing is stored or announced.
     */
    public void follow(Collection<MonitorId> monitors) {
        List<Incident> stored;
        try {
            stored = store.active();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read open incidents from storage: " + e);
            return;
        }
        synchronized (this) {
            for (MonitorId monitor : monitors) {
                Optional<Incident> newest = stored.stream().filter(i -> i.kind() == Incident.Kind.AUTOMATIC)
                        .filter(i -> i.services().equals(List.of(monitor))).min(Incident.NEWEST_FIRST);
                newest.ifPresentOrElse(incident -> open.put(monitor, incident), () -> open.remove(monitor));
            }
        }
    }

    /**
     * Resolves the restored incidents of monitors whose status, as restored from stored samples, is UP: they
     * recovered while their incident was not updated (its save failed, or the process stopped in between), and
     * without this they would wait for the next change, which a healthy monitor may never have. The end is when
     * the replayed status became UP, the best known recovery time. Call once after the engine has started.
     */
    public void reconcile(StatusQuery status) {
        Objects.requireNonNull(status, "status");
        List<IncidentEvent> events = new ArrayList<>();
        synchronized (this) {
            for (Incident incident : List.copyOf(open.values())) {
                MonitorId monitorId = incident.services().getFirst();
                status.service(monitorId).filter(service -> service.status() == Status.UP).ifPresent(service ->
                        resolve(incident, at(service.since()), "Checks pass since " + at(service.since())
                                + "; the recovery was not recorded when it happened", events));
            }
        }
        publish(events);
    }

    /**
     * Applies the change as a notifier told after the fact: its consequences, then stores and announces them outside
     * the lock, so that a slow store delays only the changing monitor's check. An engine that commits changes with
     * their consequences ({@link TransitionJournal}) calls {@link #consequences} and {@link #announce} instead.
     */
    @Override
    public void statusChanged(StatusChange change) {
        publish(consequences(change));
    }

    /**
     * What {@code change} does to the monitor's automatic incident, applied in memory under this service's lock:
     * the events to commit with the change (no I/O here). A monitor's changes arrive one at a time (its checks never
     * overlap), so its incident's events keep their order.
     */
    public List<IncidentEvent> consequences(StatusChange change) {
        Objects.requireNonNull(change, "change");
        List<IncidentEvent> events = new ArrayList<>(2);
        synchronized (this) {
            apply(change, events);
        }
        return events;
    }

    private void apply(StatusChange change, List<IncidentEvent> events) {
        Monitor monitor = change.monitor();
        Incident current = open.get(monitor.id());
        Status status = change.current();
        switch (status) {
            case DOWN, DEGRADED -> {
                if (current != null && change.previous() == Status.UP) {
                    resolve(current, at(change), "checks passed when Upwatch restarted; closed at the next change", events);
                    current = null;
                }
                if (current == null) {
                    openIncident(change, events);
                } else if (status.isWorseThan(current.impact())) {
                    update(current.withImpact(status, title(monitor, status)), change,
                            IncidentState.INVESTIGATING, "Now " + describe(status) + ": " + change.reason(), events);
                } else if (isContinuedAfterRestart(change)) {
                    LOG.log(System.Logger.Level.DEBUG, "incident " + current.id() + " continues after restart");
                } else if (status.isWorseThan(change.previous())) {
                    update(current, change, IncidentState.INVESTIGATING,
                            capitalized(describe(status)) + " again: " + change.reason(), events);
                } else {
                    update(current, change, IncidentState.MONITORING,
                            "Partially recovered, now " + describe(status) + ": " + change.reason(), events);
                }
            }
            case UP -> {
                if (current != null) {
                    Instant end = latest(current.startedAt(), at(change));
                    resolve(current, end, "Recovered after " + durationText(Duration.between(current.startedAt(), end))
                            + ": " + change.reason(), events);
                }
            }
            case UNKNOWN, MAINTENANCE -> {
                // Not a verdict on the service: an open incident stays open until the monitor is UP again.
            }
        }
    }

    private static boolean isContinuedAfterRestart(StatusChange change) {
        return change.previous() == Status.UNKNOWN || change.previous() == Status.MAINTENANCE;
    }

    private void openIncident(StatusChange change, List<IncidentEvent> events) {
        Monitor monitor = change.monitor();
        Incident incident = new Incident(automaticId(monitor.id(), at(change)), Incident.Kind.AUTOMATIC,
                title(monitor, change.current()), change.current(), List.of(monitor.id()), at(change),
                Optional.empty(), List.of(new IncidentUpdate(at(change), IncidentState.INVESTIGATING,
                capitalized(describe(change.current())) + ": " + change.reason())));
        open.put(monitor.id(), incident);
        events.add(new IncidentEvent(IncidentEvent.Type.OPENED, incident));
    }

    private void update(Incident incident, StatusChange change, IncidentState state, String message,
                        List<IncidentEvent> events) {
        Instant at = latest(incident.startedAt(), at(change));
        Incident updated = incident.withUpdate(new IncidentUpdate(at, state, message));
        open.put(change.monitor().id(), updated);
        events.add(new IncidentEvent(IncidentEvent.Type.UPDATED, updated));
    }

    private void resolve(Incident incident, Instant at, String message, List<IncidentEvent> events) {
        Instant end = latest(incident.startedAt(), at);
        Incident resolved = incident.resolved(end, message);
        open.remove(incident.services().getFirst(), incident);
        events.add(new IncidentEvent(IncidentEvent.Type.RESOLVED, resolved));
    }

    /** Commits the incidents as the events left them (with their notifications), then announces them; never throws. */
    private void publish(List<IncidentEvent> events) {
        if (!events.isEmpty()) {
            journal.record(events);
            announce(events);
        }
    }

    /** Logs each event and tells every listener, once the events are committed; a failing listener is logged only. */
    public void announce(List<IncidentEvent> events) {
        for (IncidentEvent event : events) {
            Incident incident = event.incident();
            LOG.log(System.Logger.Level.INFO, "incident " + incident.id() + " " + event.type().wireName() + ": "
                    + incident.title());
            for (IncidentListener listener : listeners) {
                try {
                    listener.incidentChanged(event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "incident listener " + listener.getClass().getName() + " failed", e);
                }
            }
        }
    }

    /**
     * Stores a manual incident or maintenance notice written through the admin API, new or with a changed timeline,
     * and tells every listener (opened, updated or resolved). Ids of configured incidents and of automatic ones are
     * not writable.
     *
     * @throws IllegalArgumentException for an automatic incident or an id that is not writable
     * @throws RuntimeException         from the store: unlike automatic incidents, a written one that cannot be
     *                                  stored is refused
     */
    public synchronized void write(Incident incident) {
        Objects.requireNonNull(incident, "incident");
        if (incident.kind() == Incident.Kind.AUTOMATIC) {
            throw new IllegalArgumentException("automatic incidents are written by Upwatch only");
        }
        if (isConfigured(incident.id())) {
            throw new IllegalArgumentException("incident " + incident.id() + " belongs to the configuration file");
        }
        Optional<Incident> before = store.find(incident.id());
        if (before.isPresent() && before.get().kind() == Incident.Kind.AUTOMATIC) {
            throw new IllegalArgumentException("incident " + incident.id() + " is automatic");
        }
        IncidentEvent.Type type = before.isEmpty() ? IncidentEvent.Type.OPENED
                : !incident.isActive() && before.get().isActive() ? IncidentEvent.Type.RESOLVED
                : IncidentEvent.Type.UPDATED;
        IncidentEvent event = new IncidentEvent(type, incident);
        journal.recordOrFail(event);
        if (incident.isActiveAt(clock.instant())) {
            written.put(incident.id(), incident);
        } else {
            written.remove(incident.id());
        }
        announce(List.of(event));
    }

    /**
     * Acknowledges the outage of {@code monitor}: its open automatic incident gets an update (state {@code identified},
     * at now) saying {@code Acknowledged by <by>} and the note, committed with its notifications
     * ({@code incident.acknowledged}; the notifier stops its reminders when it plans them), then announced.
     *
     * @param by   who acknowledges, e.g. the API token's name; 1 to 200 characters
     * @param note what they say, if anything; at most 1000 characters
     * @return the incident as acknowledged
     * @throws java.util.NoSuchElementException when the monitor has no open automatic incident (it is not down)
     * @throws IllegalArgumentException         when {@code by} or {@code note} is blank or too long
     * @throws RuntimeException                 from the store: nothing is acknowledged then
     */
    public synchronized Incident acknowledge(MonitorId monitor, String by, Optional<String> note) {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(note, "note");
        if (by == null || by.isBlank() || by.length() > 200) {
            throw new IllegalArgumentException("by must be 1 to 200 characters");
        }
        if (note.filter(text -> text.isBlank() || text.length() > 1_000).isPresent()) {
            throw new IllegalArgumentException("message must be 1 to 1000 characters");
        }
        Incident current = open.get(monitor);
        if (current == null) {
            throw new java.util.NoSuchElementException("monitor '" + monitor.value()
                    + "' has no open incident: there is no outage to acknowledge");
        }
        Instant at = latest(current.startedAt(), clock.instant());
        Incident acknowledged = current.withUpdate(new IncidentUpdate(at, IncidentState.IDENTIFIED,
                ACKNOWLEDGED_BY + by.strip() + note.map(text -> ": " + text.strip()).orElse("")));
        IncidentEvent event = new IncidentEvent(IncidentEvent.Type.ACKNOWLEDGED, acknowledged);
        journal.recordOrFail(event);
        open.put(monitor, acknowledged);
        announce(List.of(event));
        return acknowledged;
    }

    /** How an acknowledgement's timeline entry begins: {@code Acknowledged by alice: on it}. */
    public static final String ACKNOWLEDGED_BY = "Acknowledged by ";

    /** True when {@code id} names an incident of the configuration file. */
    public boolean isConfigured(IncidentId id) {
        return configured.stream().anyMatch(incident -> incident.id().equals(id));
    }

    @Override
    public List<Incident> active() {
        Instant now = clock.instant();
        List<Incident> result = new ArrayList<>(open.values());
        written.values().stream().filter(incident -> incident.isActiveAt(now)).forEach(result::add);
        configured.stream().filter(incident -> incident.isActiveAt(now)).forEach(result::add);
        return sorted(result, Integer.MAX_VALUE);
    }

    @Override
    public List<Incident> between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return merged(() -> store.between(from, to), incident -> incident.overlaps(from, to), Integer.MAX_VALUE);
    }

    @Override
    public List<Incident> forService(MonitorId monitorId, int limit) {
        Objects.requireNonNull(monitorId, "monitorId");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return merged(() -> store.forService(monitorId, limit), incident -> incident.affects(monitorId), limit);
    }

    @Override
    public Optional<Incident> find(IncidentId id) {
        Objects.requireNonNull(id, "id");
        Optional<Incident> known = configured.stream().filter(i -> i.id().equals(id)).findFirst()
                .or(() -> open.values().stream().filter(i -> i.id().equals(id)).findFirst())
                .or(() -> Optional.ofNullable(written.get(id)));
        if (known.isPresent()) {
            return known;
        }
        try {
            return store.find(id);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read incident " + id + " from storage: " + e);
            return Optional.empty();
        }
    }

    /** Stored incidents, with the open ones from memory in place of their stored copies, and the configured ones. */
    private List<Incident> merged(Supplier<List<Incident>> stored, Predicate<Incident> filter, int limit) {
        Map<IncidentId, Incident> byId = new LinkedHashMap<>();
        try {
            stored.get().forEach(incident -> byId.put(incident.id(), incident));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read incidents from storage: " + e);
        }
        open.values().stream().filter(filter).forEach(incident -> byId.put(incident.id(), incident));
        written.values().stream().filter(filter).forEach(incident -> byId.put(incident.id(), incident));
        configured.stream().filter(filter).forEach(incident -> byId.put(incident.id(), incident));
        return sorted(byId.values(), limit);
    }

    private static List<Incident> sorted(Collection<Incident> incidents, int limit) {
        return incidents.stream().sorted(Incident.NEWEST_FIRST).limit(limit).toList();
    }

    /**
     * The id of the automatic incident of {@code monitorId} starting at {@code start}: the monitor id and the
     * start in epoch milliseconds, e.g. {@code api-1795996800000}; unique because a monitor has one incident
     * open at a time and a new one starts at a later check. Monitor ids too long to fit are cut and given a
     * hash of the whole id, so two long ids sharing a prefix still differ.
     */
    static IncidentId automaticId(MonitorId monitorId, Instant start) {
        String suffix = "-" + start.toEpochMilli();
        String prefix = monitorId.value();
        if (prefix.length() + suffix.length() > MAX_ID_LENGTH) {
            String hash = "-" + Integer.toHexString(prefix.hashCode());
            prefix = prefix.substring(0, MAX_ID_LENGTH - suffix.length() - hash.length()) + hash;
        }
        return IncidentId.of(prefix + suffix);
    }

    /** "Target API is down". */
    static String title(Monitor monitor, Status status) {
        return monitor.name() + " is " + describe(status);
    }

    private static String describe(Status status) {
        return switch (status) {
            case DOWN -> "down";
            case DEGRADED -> "degraded";
            default -> status.wireName();
        };
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Whole seconds (e.g. {@code 4m12s}); milliseconds only below a second. */
    private static String durationText(Duration duration) {
        Duration shown = duration.compareTo(Duration.ofSeconds(1)) >= 0 ? duration.truncatedTo(ChronoUnit.SECONDS) : duration;
        return DurationText.format(shown);
    }

    /**
     * Instants of automatic incidents are kept to the millisecond, like their ids: what is stored (databases keep
     * microseconds) then equals what is held in memory, and nobody reads outages to the nanosecond.
     */
    private static Instant at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant at(StatusChange change) {
        return at(change.at());
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
