package dev.upwatch.web.agent;

import dev.upwatch.core.model.Agent;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.port.AgentStore;
import dev.upwatch.core.port.CheckAssignment;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote agents this server knows: their store, and the locations that have one. A process that runs alone leaves
 * a monitor whose {@code locations} are all agents' locations to those agents ({@link #leavingToAgents}): it is in a
 * private network this process may not reach.
 */
public final class AgentDirectory {
    private final AgentStore store;
    private final Set<Location> locations = ConcurrentHashMap.newKeySet();

    public AgentDirectory(AgentStore store) {
        this.store = Objects.requireNonNull(store, "store");
        store.list().forEach(agent -> locations.add(agent.location()));
    }

    /** The agent of token {@code tokenId}, if any. */
    public Optional<Agent> find(String tokenId) {
        return store.find(tokenId);
    }

    /** Every agent, by token id. */
    public List<Agent> list() {
        return store.list();
    }

    /** Binds the agent token {@code tokenId} to {@code location}. */
    public void register(String tokenId, Location location) {
        store.register(tokenId, location);
        locations.add(location);
    }

    /** Records that {@code agent} was heard from. */
    void contacted(Agent agent, Instant at) {
        locations.add(agent.location()); // registered by another process (the CLI) since this one started
        store.contacted(agent.tokenId(), at);
    }

    /** {@code alone}, less the monitors whose listed locations all have an agent. */
    public CheckAssignment leavingToAgents(CheckAssignment alone) {
        Objects.requireNonNull(alone, "alone");
        return monitor -> alone.checksNow(monitor) && !agentsOnly(monitor);
    }

    private boolean agentsOnly(Monitor monitor) {
        List<Location> listed = monitor.placement().locations();
        return !listed.isEmpty() && locations.containsAll(listed);
    }
}
