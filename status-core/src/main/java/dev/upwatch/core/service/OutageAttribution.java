package dev.upwatch.core.service;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.Dependencies;
import dev.upwatch.core.model.StatusReason;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Decides, before a status change is committed and its notifications planned, how it relates to the monitors around
 * it ({@code depends-on}), so that one upstream failure sends one notification per channel:
 * <ul>
 *   <li>a change to DOWN or DEGRADED of a monitor whose parent (or any monitor further up) is DOWN, or failing on its
 *       way to DOWN, belongs to that parent's outage ({@link StatusChange#cause()}, reason {@code unreachable: Router
 *       is down}): it opens no incident and sends nothing; so does its later recovery;</li>
 *   <li>a DOWN of a monitor others depend on names them all ({@link StatusChange#affected()}); its recovery names
 *       those still not up;</li>
 *   <li>a monitor whose outage was attributed is {@linkplain #released released} at its first check that still fails
 *       once nothing above it is out (the parent recovered, or its failures never made it DOWN): its outage is its own
 *       from then on and is notified then.</li>
 * </ul>
 * A parent's DOWN is thus decided before its children's whichever reached its threshold first, as long as the parent
 * had failed a check by then. What it remembers lives in memory: after a restart the recovery of a monitor whose outage
 * was attributed is notified as its own.
 */
final class OutageAttribution {
    private volatile Dependencies graph = Dependencies.NONE;
    /** Monitors whose current outage belongs to another's, with that other. */
    private final Map<MonitorId, Monitor> attributed = new ConcurrentHashMap<>();

    /** Takes the {@code depends-on} lists of the monitors now tracked. */
    void track(List<Monitor> monitors) {
        graph = Dependencies.of(monitors);
        attributed.keySet().retainAll(monitors.stream().map(Monitor::id).toList());
    }

    /** Every monitor that depends on {@code id}, directly or through others. */
    List<Monitor> dependents(MonitorId id) {
        Dependencies current = graph;
        return current.isEmpty() ? List.of() : current.dependents(id);
    }

    /**
     * The DOWN monitor whose outage {@code id}'s failures belong to while {@code id} is in {@code own}, as the page
     * shows it; empty when it is up or nothing it depends on is DOWN.
     *
     * @param status the status each monitor is decided to be in now
     */
    Optional<Monitor> blockedBy(MonitorId id, Status own, Function<MonitorId, Status> status) {
        Dependencies current = graph;
        if (own == Status.UP || current.isEmpty()) {
            return Optional.empty();
        }
        return current.outAncestor(id, other -> status.apply(other) == Status.DOWN);
    }

    /**
     * {@code change} with its relation to the monitors around it.
     *
     * @param live each monitor's decided status, and whether its latest decisive check failed (this change's monitor
     *             already in its new status)
     */
    StatusChange attribute(StatusChange change, LiveStates live) {
        Objects.requireNonNull(change, "change");
        Dependencies current = graph;
        if (current.isEmpty()) {
            return change;
        }
        MonitorId id = change.monitor().id();
        StatusChange scoped = switch (change.current()) {
            case DOWN, DEGRADED -> {
                Optional<Monitor> cause = current.outAncestor(id, live::isOut);
                if (cause.isPresent()) {
                    attributed.put(id, cause.get());
                    yield change.causedBy(cause.get(), StatusReason.unreachable(cause.get(),
                            live.status(cause.get().id())));
                }
                attributed.remove(id);
                yield change;
            }
            case UP -> {
                Monitor cause = attributed.remove(id);
                yield cause == null ? change : change.causedBy(cause, change.reason());
            }
            case UNKNOWN, MAINTENANCE -> change;
        };
        if (scoped.cause().isPresent()) {
            return scoped;
        }
        if (change.current() == Status.DOWN) {
            List<Monitor> dependents = current.dependents(id);
            return dependents.isEmpty() ? scoped : scoped.affecting(dependents);
        }
        if (change.previous() == Status.DOWN) {
            List<Monitor> stillDown = current.dependents(id).stream()
                    .filter(dependent -> live.status(dependent.id()) == Status.DOWN
                            || live.status(dependent.id()) == Status.DEGRADED)
                    .toList();
            return stillDown.isEmpty() ? scoped : scoped.affecting(stillDown);
        }
        return scoped;
    }

    /**
     * True, once, when {@code id}'s outage was attributed to another monitor and now is its own: it is still
     * {@code own} (DOWN or DEGRADED) after a check while nothing it depends on is out. Its outage is then to be
     * notified as a change of its own.
     */
    boolean released(MonitorId id, Status own, LiveStates live) {
        if (!attributed.containsKey(id) || (own != Status.DOWN && own != Status.DEGRADED)) {
            return false;
        }
        if (graph.outAncestor(id, live::isOut).isPresent()) {
            return false;
        }
        return attributed.remove(id) != null;
    }

    /** What the attribution reads of every monitor's live state. */
    interface LiveStates {
        /** The status {@code id} is decided to be in now; UNKNOWN when not tracked. */
        Status status(MonitorId id);

        /** True when {@code id} is DOWN, or its latest decisive check failed. */
        boolean isOut(MonitorId id);
    }
}
