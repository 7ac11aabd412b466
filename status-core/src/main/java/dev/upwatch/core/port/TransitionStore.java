package dev.upwatch.core.port;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.LocationStatus;
import dev.upwatch.core.model.Transition;

import java.util.List;
import java.util.Optional;

/**
 * Commits a fact with its consequences in one transaction (a monitor's new status, the incidents it changed, the
 * outbox messages it sends), so that a crash keeps all of them or none, and reads the committed statuses back: a
 * restart restores each monitor from its last committed status. A commit that returns is durable (it survives the
 * process being killed).
 */
public interface TransitionStore {

    /**
     * Commits {@code transition}, all or nothing: the monitor's status replaces its previous one, each incident
     * replaces its stored copy, each message is stored as pending (one whose id and channel are already stored is left
     * as it is).
     *
     * @throws RuntimeException when it cannot be committed; nothing of it is then stored
     */
    void commit(Transition transition);

    /**
     * Commits {@code transitions} like {@link #commit}, all of them or none; used for the starting statuses of many
     * monitors at once (the first start after an upgrade writes one per monitor). By default one after the other;
     * a store commits them in one transaction.
     */
    default void commitAll(List<Transition> transitions) {
        transitions.forEach(this::commit);
    }

    /** The last committed status of every monitor that has one. */
    List<CommittedStatus> statuses();

    /**
     * Commits one location's verdict on a monitor and, in the same transaction, lets {@code decision} decide the
     * monitor's status from every location's verdict while the monitor's status row is locked, committing the
     * transition it returns: concurrent reports of one monitor's locations serialize on that row, so exactly one
     * transaction decides each change. A monitor without a status row gets one (UNKNOWN) first.
     *
     * @return the transition committed, if the decision made one
     * @throws RuntimeException when it cannot be committed; nothing of it is then stored
     */
    default Optional<Transition> report(LocationStatus report, LocationDecision decision) {
        throw new UnsupportedOperationException("this store keeps no location verdicts");
    }

    /** Every location's last committed verdict on every monitor; none for a store without locations. */
    default List<LocationStatus> locationStatuses() {
        return List.of();
    }
}
