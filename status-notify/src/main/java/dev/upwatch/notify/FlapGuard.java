package dev.upwatch.notify;

import dev.upwatch.core.model.MonitorId;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One channel's flap suppression: counts each monitor's notified transitions (by the time of the check that caused
 * them) and decides whether the next one is sent, replaced by one flapping message, or held back.
 */
final class FlapGuard {

    /** What to do with a transition. */
    enum Decision {
        /** Send it as usual. */
        SEND,
        /** The monitor just started flapping: send one flapping message instead. */
        START_FLAPPING,
        /** The monitor is flapping: send nothing now. */
        HOLD
    }

    private final FlapRule rule;
    private final Map<MonitorId, History> histories = new HashMap<>();

    FlapGuard(FlapRule rule) {
        this.rule = rule;
    }

    /** Counts {@code event}'s transition and decides; a held event is kept as the monitor's latest. */
    synchronized Decision admit(Event event) {
        if (!rule.enabled()) {
            return Decision.SEND;
        }
        History history = histories.computeIfAbsent(event.monitor().id(), id -> new History());
        Instant at = event.change().at();
        history.times.addLast(at);
        Instant oldest = at.minus(rule.window());
        while (!history.times.isEmpty() && history.times.peekFirst().isBefore(oldest)) {
            history.times.removeFirst();
        }
        history.latest = event;
        if (history.flapping) {
            return Decision.HOLD;
        }
        if (history.times.size() > rule.maxChanges()) {
            history.flapping = true;
            return Decision.START_FLAPPING;
        }
        return Decision.SEND;
    }

    /**
     * Ends flapping when {@code last} is still the monitor's latest event (nothing changed since it was held);
     * returns that event to send, or empty when the monitor changed again or was not flapping.
     */
    synchronized Optional<Event> settle(MonitorId monitor, Event last) {
        History history = histories.get(monitor);
        if (history == null || !history.flapping || history.latest != last) {
            return Optional.empty();
        }
        history.flapping = false;
        history.times.clear();
        return Optional.of(last);
    }

    private static final class History {
        final ArrayDeque<Instant> times = new ArrayDeque<>();
        boolean flapping;
        Event latest;
    }
}
