package dev.upwatch.core.port;

import dev.upwatch.core.model.Agent;
import dev.upwatch.core.model.Location;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The remote agents: each agent token's location and the high-water mark of the results taken in from it, kept where
 * every node sees them, so that a batch sent again (its answer was lost) or to another node is not counted twice.
 */
public interface AgentStore {

    /**
     * Binds the agent token {@code tokenId} to {@code location}.
     *
     * @throws IllegalArgumentException when the token is bound already
     */
    void register(String tokenId, Location location);

    /** The agent of the token {@code tokenId}, if that token is an agent's. */
    Optional<Agent> find(String tokenId);

    /** Every agent, by token id. */
    List<Agent> list();

    /**
     * Moves the agent's high-water mark from {@code expected} to {@code sequence} and records a contact at {@code at}, only
     * if it is still {@code expected}: false when another request moved it first (then nothing changed).
     */
    boolean advance(String tokenId, long expected, long sequence, Instant at);

    /** Records a contact at {@code at} without results (it fetched its assignment). */
    void contacted(String tokenId, Instant at);
}
