package dev.upwatch.core.memory;

import dev.upwatch.core.model.Agent;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.port.AgentStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** An {@link AgentStore} in memory, for embedding without a database and for tests. */
public final class InMemoryAgentStore implements AgentStore {
    private final Map<String, Agent> agents = new TreeMap<>();

    @Override
    public synchronized void register(String tokenId, Location location) {
        Objects.requireNonNull(location, "location");
        if (agents.putIfAbsent(tokenId, Agent.registered(tokenId, location)) != null) {
            throw new IllegalArgumentException("token " + tokenId + " is bound to a location already");
        }
    }

    @Override
    public synchronized Optional<Agent> find(String tokenId) {
        return Optional.ofNullable(agents.get(tokenId));
    }

    @Override
    public synchronized List<Agent> list() {
        return List.copyOf(agents.values());
    }

    @Override
    public synchronized boolean advance(String tokenId, long expected, long sequence, Instant at) {
        Agent agent = agents.get(tokenId);
        if (agent == null || agent.acknowledged() != expected) {
            return false;
        }
        agents.put(tokenId, new Agent(tokenId, agent.location(), sequence, Optional.of(at)));
        return true;
    }

    @Override
    public synchronized void contacted(String tokenId, Instant at) {
        agents.computeIfPresent(tokenId, (id, agent) -> new Agent(id, agent.location(), agent.acknowledged(),
                Optional.of(at)));
    }
}
