package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryTransitionStore;
import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.LocationStatus;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.NotificationPlanner;
import dev.upwatch.core.port.TransitionStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Records facts with their consequences: a status change, the monitor's new status, the incident events it caused and
 * every routed channel's outbox messages (asked of the {@link NotificationPlanner}s as values) are committed in one
 * {@link TransitionStore} transaction; only after the commit are the messages handed back to their planners to be
 * delivered. So after a crash a status change is either stored with its incident and its notifications, or not at
 * all (and then the restart decides it again from the stored samples or the next checks).
 *
 * <p>A failed commit of a status change is logged and its messages are still delivered, without a durable record:
 * monitoring goes on from memory, as before a store outage.
 */
public final class TransitionJournal {
    private static final System.Logger LOG = System.getLogger(TransitionJournal.class.getName());

    private final TransitionStore store;
    private final List<NotificationPlanner> planners;

    /**
     * @param store    where facts are committed
     * @param planners asked for the outbox messages of each fact
     */
    public TransitionJournal(TransitionStore store, List<NotificationPlanner> planners) {
        this.store = Objects.requireNonNull(store, "store");
        this.planners = List.copyOf(planners);
    }

    /** A journal in memory without planners: statuses are restored only within the process. */
    public static TransitionJournal inMemory() {
        return new TransitionJournal(new InMemoryTransitionStore(), List.of());
    }

    /**
     * Commits {@code change} (the monitor's new status) with the incident events it caused and their messages, then
     * hands the messages over for delivery. Never throws for the store.
     *
     * @return true when committed; false when the store failed (logged; the messages go out regardless)
     */
    public boolean record(StatusChange change, List<IncidentEvent> incidentEvents) {
        Objects.requireNonNull(change, "change");
        CommittedStatus status = new CommittedStatus(change.monitor().id(), change.current(), change.at());
        return commit(Optional.of(change), Optional.of(status), incidentEvents, false);
    }

    /**
     * Commits incident events that no status change caused (a restart closing stale incidents) with their messages,
     * then hands the messages over. Never throws for the store.
     *
     * @return true when committed; false when the store failed (logged; the messages go out regardless)
     */
    public boolean record(List<IncidentEvent> incidentEvents) {
        return commit(Optional.empty(), Optional.empty(), incidentEvents, false);
    }

    /**
     * Commits an incident a person wrote with its messages, or refuses it: when the store fails, the exception is
     * thrown and nothing is sent.
     *
     * @throws RuntimeException from the store
     */
    public void recordOrFail(IncidentEvent event) {
        commit(Optional.empty(), Optional.empty(), List.of(Objects.requireNonNull(event, "event")), true);
    }

    /**
     * Commits statuses restored without notifications (the first start of a monitor, or of a database from before
     * this journal), so that later restarts start from them; a failure is logged.
     */
    public void baseline(List<CommittedStatus> statuses) {
        if (statuses.isEmpty()) {
            return;
        }
        try {
            store.commitAll(statuses.stream().map(Transition::baseline).toList());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not store the restored status of " + statuses.size()
                    + " monitor" + (statuses.size() == 1 ? "" : "s") + "; they are restored from their samples again "
                    + "at the next start: " + e);
        }
    }

    /** A change a location's report decides, with the incident events it causes (computed, no I/O). */
    public record Decided(StatusChange change, List<IncidentEvent> incidents) {
        public Decided {
            Objects.requireNonNull(change, "change");
            incidents = List.copyOf(incidents);
        }
    }

    /**
     * Commits one location's verdict on a monitor and, in the same transaction and while the monitor's status row is
     * locked, asks {@code verdict} what the monitor's status becomes from every location's verdict: a change it
     * returns is committed there with its incident events and every routed channel's messages, which are handed over
     * for delivery only after the commit. Concurrent reports serialize on the row, so exactly one decides each change.
     * A failed commit decides nothing (logged; its messages are discarded): unlike a node alone, another node may
     * decide the change, so nothing goes out without its record, and the location's next check reports again.
     *
     * @param verdict called once with the monitor's committed status and every location's committed verdict
     * @return the change committed, if any
     */
    public Optional<StatusChange> report(LocationStatus report,
                                         Function<CommittedStatus, Optional<Decided>> verdict) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(verdict, "verdict");
        Map<NotificationPlanner, List<OutboxMessage>> planned = new LinkedHashMap<>();
        List<StatusChange> decided = new ArrayList<>(1);
        try {
            store.report(report, standing -> verdict.apply(standing).map(d -> {
                planned.clear();
                decided.clear();
                decided.add(d.change());
                List<OutboxMessage> messages = new ArrayList<>();
                for (NotificationPlanner planner : planners) {
                    List<OutboxMessage> mine = plan(planner, Optional.of(d.change()), d.incidents());
                    planned.put(planner, mine);
                    messages.addAll(mine);
                }
                CommittedStatus status = new CommittedStatus(d.change().monitor().id(), d.change().current(),
                        d.change().at());
                return new Transition(Optional.of(status), latest(d.incidents()), messages);
            }));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not store the verdict of " + report.location() + " on "
                    + report.monitor() + (decided.isEmpty() ? "" : " nor " + describe(Optional.of(decided.getFirst()),
                    List.of())) + "; its next check reports again", e);
            planned.forEach(NotificationPlanner::discarded);
            return Optional.empty();
        }
        planned.forEach((planner, mine) -> planner.committed(mine, true));
        return decided.stream().findFirst();
    }

    /** Every location's last committed verdict on every monitor; empty (logged) when the store cannot be read. */
    public List<LocationStatus> locationStatuses() {
        try {
            return store.locationStatuses();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read the locations' verdicts: " + e);
            return List.of();
        }
    }

    /** The last committed status of each monitor; empty (logged) when the store cannot be read. */
    public Map<MonitorId, CommittedStatus> committed() {
        try {
            Map<MonitorId, CommittedStatus> byMonitor = new HashMap<>();
            store.statuses().forEach(status -> byMonitor.put(status.monitor(), status));
            return byMonitor;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read the committed statuses; monitors are restored from "
                    + "their samples: " + e);
            return Map.of();
        }
    }

    private boolean commit(Optional<StatusChange> change, Optional<CommittedStatus> status,
                           List<IncidentEvent> incidentEvents, boolean failLoudly) {
        if (status.isEmpty() && incidentEvents.isEmpty()) {
            return true;
        }
        Map<NotificationPlanner, List<OutboxMessage>> planned = new LinkedHashMap<>();
        List<OutboxMessage> messages = new ArrayList<>();
        for (NotificationPlanner planner : planners) {
            List<OutboxMessage> mine = plan(planner, change, incidentEvents);
            planned.put(planner, mine);
            messages.addAll(mine);
        }
        Transition transition = new Transition(status, latest(incidentEvents), messages);
        try {
            store.commit(transition);
        } catch (RuntimeException e) {
            if (failLoudly) {
                planned.forEach(NotificationPlanner::discarded);
                throw e;
            }
            LOG.log(System.Logger.Level.ERROR, "could not store " + describe(change, incidentEvents) + " with its "
                    + messages.size() + " notification" + (messages.size() == 1 ? "" : "s")
                    + "; sending them without a durable record", e);
            planned.forEach((planner, mine) -> planner.committed(mine, false));
            return false;
        }
        planned.forEach((planner, mine) -> planner.committed(mine, true));
        return true;
    }

    /** A planner's messages; a planner that throws contributes none (logged), so the others still notify. */
    private static List<OutboxMessage> plan(NotificationPlanner planner, Optional<StatusChange> change,
                                            List<IncidentEvent> incidentEvents) {
        try {
            return List.copyOf(planner.plan(change, incidentEvents));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "notification planner " + planner.getClass().getName() + " failed", e);
            return List.of();
        }
    }

    /** Each incident as the last of the events left it. */
    private static List<Incident> latest(List<IncidentEvent> events) {
        Map<IncidentId, Incident> byId = new LinkedHashMap<>();
        events.forEach(event -> byId.put(event.incident().id(), event.incident()));
        return List.copyOf(byId.values());
    }

    private static String describe(Optional<StatusChange> change, List<IncidentEvent> events) {
        return change.map(c -> "the change of " + c.monitor().id() + " to " + c.current().wireName())
                .orElseGet(() -> events.size() + " incident event" + (events.size() == 1 ? "" : "s"));
    }
}
