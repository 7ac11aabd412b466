package dev.upwatch.core.service;

import dev.upwatch.core.model.Agent;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.AgentStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Takes in the results a remote agent delivers: each result once, in the agent's order, into the engine's one check
 * path ({@link UpwatchEngine#checkedRemotely}). Every result carries the agent's sequence number; the agent's
 * high-water mark ({@link AgentStore#advance}, a conditional update) is moved past a batch before its results are
 * applied, so a batch delivered again — its answer was lost, or it reached two nodes — is counted once.
 */
public final class AgentIntake {
    private final AgentStore agents;
    private final Function<Agent, Target> targets;
    private final Clock clock;
    /** One lock per agent: its batches are taken in one at a time on this node (other nodes: the conditional update). */
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    /** Where an agent's results go: the monitors it may report on, and the check path. */
    public interface Target {
        /** The monitor {@code id} if the agent's location checks it now. */
        Optional<Monitor> assigned(MonitorId id);

        /** Judges and stores one result of an assigned monitor. */
        void checked(Monitor monitor, Sample sample);
    }

    /** One result as delivered: the agent's sequence number (from 1, rising) and the check. */
    public record Result(long sequence, Sample sample) {
        public Result {
            Objects.requireNonNull(sample, "sample");
            if (sequence < 1) {
                throw new IllegalArgumentException("sequence must be at least 1, got " + sequence);
            }
        }
    }

    /**
     * What a batch did.
     *
     * @param acknowledged the agent's high-water mark after it: the agent may forget every result up to here
     * @param applied      results taken in now
     * @param repeated     results at or below the mark before (delivered before), skipped
     * @param unassigned   results of monitors the agent's location does not check (removed, or never its own), dropped
     */
    public record Receipt(long acknowledged, int applied, int repeated, int unassigned) {
    }

    /** Results go to {@code engine}: only monitors whose {@code locations} name the agent's location. */
    public AgentIntake(AgentStore agents, UpwatchEngine engine, Clock clock) {
        this(agents, agent -> new Target() {
            @Override
            public Optional<Monitor> assigned(MonitorId id) {
                return engine.monitor(id).filter(m -> m.placement().locations().contains(agent.location()));
            }

            @Override
            public void checked(Monitor monitor, Sample sample) {
                engine.checkedRemotely(monitor, agent.location(), sample);
            }
        }, clock);
    }

    /** Results go to the target {@code targets} gives each agent. */
    public AgentIntake(AgentStore agents, Function<Agent, Target> targets, Clock clock) {
        this.agents = Objects.requireNonNull(agents, "agents");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Takes in {@code results} of the agent {@code tokenId}, in sequence order, skipping those taken in before.
     *
     * @throws IllegalArgumentException when the token is no agent's
     */
    public Receipt accept(String tokenId, List<Result> results) {
        Objects.requireNonNull(tokenId, "tokenId");
        List<Result> ordered = new ArrayList<>(results);
        ordered.sort(Comparator.comparingLong(Result::sequence));
        synchronized (locks.computeIfAbsent(tokenId, id -> new Object())) {
            while (true) {
                Agent agent = agents.find(tokenId).orElseThrow(() -> new IllegalArgumentException(
                        "token " + tokenId + " is not bound to a location"));
                long before = agent.acknowledged();
                List<Result> fresh = ordered.stream().filter(r -> r.sequence() > before).toList();
                long after = fresh.isEmpty() ? before : fresh.getLast().sequence();
                if (!agents.advance(tokenId, before, after, clock.instant())) {
                    continue; // another node took a batch of this agent in meanwhile: judge against its mark
                }
                Target target = targets.apply(agent);
                int applied = 0;
                int unassigned = 0;
                long previous = before;
                for (Result result : fresh) {
                    if (result.sequence() == previous) {
                        continue; // the same result twice in one batch
                    }
                    previous = result.sequence();
                    Optional<Monitor> monitor = target.assigned(result.sample().monitorId());
                    if (monitor.isPresent()) {
                        target.checked(monitor.get(), result.sample());
                        applied++;
                    } else {
                        unassigned++;
                    }
                }
                return new Receipt(after, applied, ordered.size() - fresh.size(), unassigned);
            }
        }
    }
}
