package dev.upwatch.notify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delivery order: per channel and subject (a monitor's status events, one incident's events), messages are
 * attempted one at a time in the order they were stored; a newer one waits while an older one is in flight or not yet
 * attempted. An older one that failed and waits for its retry is superseded by a newer one: given up, so that a
 * receiver that refused a message and recovers hears the newest state, never an old one after it. Holds no threads:
 * the dispatcher schedules the first message of a lane whenever this class hands one back.
 */
final class Lanes {
    private final Map<String, ArrayDeque<Delivery>> lanes = new HashMap<>();

    /**
     * What adding a message changed.
     *
     * @param superseded older messages of the lane that had failed and waited for a retry: now done, never sent again
     * @param first      the lane's first message when it needs a start scheduled (the added one, or the one after the
     *                   superseded)
     */
    record Admission(List<Delivery> superseded, Optional<Delivery> first) {
    }

    /** Adds {@code delivery} at the end of its lane. */
    synchronized Admission add(Delivery delivery) {
        ArrayDeque<Delivery> lane = lanes.computeIfAbsent(delivery.lane(), key -> new ArrayDeque<>());
        List<Delivery> superseded = new ArrayList<>();
        for (Delivery older : List.copyOf(lane)) {
            if (older.state == Delivery.State.WAITING && older.attempts > 0) {
                lane.remove(older);
                older.state = Delivery.State.DONE;
                superseded.add(older);
            }
        }
        lane.addLast(delivery);
        return new Admission(superseded, promote(lane));
    }

    /** Starts an attempt: false when the delivery is done or not first in its lane (then it must not be sent). */
    synchronized boolean begin(Delivery delivery) {
        ArrayDeque<Delivery> lane = lanes.get(delivery.lane());
        if (delivery.state == Delivery.State.DONE || lane == null || lane.peekFirst() != delivery) {
            return false;
        }
        delivery.state = Delivery.State.IN_FLIGHT;
        return true;
    }

    /** The delivery waits again, still first in its lane (for a send slot, or for its retry). */
    synchronized void pause(Delivery delivery) {
        if (delivery.state == Delivery.State.IN_FLIGHT) {
            delivery.state = Delivery.State.WAITING;
        }
    }

    /**
     * A failed attempt that would be retried: when a newer message waits in the lane, the delivery is superseded
     * instead (done, out of its lane) and the newer one is handed back to be started; else it waits for its retry.
     */
    synchronized Optional<Delivery> supersedeAfterFailure(Delivery delivery) {
        ArrayDeque<Delivery> lane = lanes.get(delivery.lane());
        if (lane == null || lane.size() < 2 || lane.peekFirst() != delivery) {
            pause(delivery);
            return Optional.empty();
        }
        lane.removeFirst();
        delivery.state = Delivery.State.DONE;
        return promote(lane);
    }

    /** The delivery is done: out of its lane; returns the lane's next message to start, if any. */
    synchronized Optional<Delivery> finish(Delivery delivery) {
        delivery.state = Delivery.State.DONE;
        ArrayDeque<Delivery> lane = lanes.get(delivery.lane());
        if (lane == null || !lane.remove(delivery)) {
            return Optional.empty();
        }
        return promote(lane);
    }

    /** Every delivery in every lane is done (the notifier closed); none is started again. */
    synchronized void abandonAll() {
        lanes.values().forEach(lane -> lane.forEach(delivery -> delivery.state = Delivery.State.DONE));
        lanes.clear();
    }

    /** The lane's first message when no start is scheduled for it yet (marked scheduled); drops an empty lane. */
    private Optional<Delivery> promote(ArrayDeque<Delivery> lane) {
        Delivery first = lane.peekFirst();
        if (first == null) {
            lanes.values().remove(lane);
            return Optional.empty();
        }
        if (first.scheduled) {
            return Optional.empty();
        }
        first.scheduled = true;
        return Optional.of(first);
    }
}
