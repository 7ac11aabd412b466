package dev.upwatch.core.memory;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.LocationStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.port.LocationDecision;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.core.port.TransitionStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link TransitionStore} in memory, for embedding without a database and for tests: statuses kept here, incidents
 * and messages written to the given stores one after the other (nothing survives the process, so there is no crash
 * to be atomic against).
 */
public final class InMemoryTransitionStore implements TransitionStore {
    private final IncidentStore incidents;
    private final OutboxStore outbox;
    private final Map<MonitorId, CommittedStatus> statuses = new LinkedHashMap<>();
    private final Map<MonitorId, Map<Location, LocationStatus>> locations = new LinkedHashMap<>();

    /** Statuses, incidents and messages all in memory. */
    public InMemoryTransitionStore() {
        this(new InMemoryIncidentStore(), new InMemoryOutboxStore());
    }

    /** Statuses in memory; incidents saved to {@code incidents}, messages enqueued in {@code outbox}. */
    public InMemoryTransitionStore(IncidentStore incidents, OutboxStore outbox) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    @Override
    public synchronized void commit(Transition transition) {
        Objects.requireNonNull(transition, "transition");
        transition.incidents().forEach(incidents::save);
        outbox.enqueue(transition.messages());
        transition.status().ifPresent(status -> statuses.put(status.monitor(), status));
    }

    @Override
    public synchronized void commitAll(List<Transition> transitions) {
        transitions.forEach(this::commit);
    }

    @Override
    public synchronized Optional<Transition> report(LocationStatus report, LocationDecision decision) {
        Objects.requireNonNull(report, "report");
        Map<Location, LocationStatus> mine = locations.computeIfAbsent(report.monitor(), id -> new TreeMap<>());
        mine.put(report.location(), report);
        CommittedStatus status = statuses.getOrDefault(report.monitor(),
                new CommittedStatus(report.monitor(), Status.UNKNOWN, report.checkedAt()));
        Optional<Transition> decided = decision.decide(new CommittedStatus(status.monitor(), status.status(),
                status.since(), List.copyOf(mine.values())));
        decided.ifPresent(this::commit);
        return decided;
    }

    @Override
    public synchronized List<LocationStatus> locationStatuses() {
        return locations.values().stream().flatMap(byLocation -> byLocation.values().stream()).toList();
    }

    @Override
    public synchronized List<CommittedStatus> statuses() {
        return List.copyOf(statuses.values());
    }
}
