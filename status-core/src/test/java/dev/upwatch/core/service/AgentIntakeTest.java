package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryAgentStore;
import dev.upwatch.core.model.Agent;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Placement;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.model.Sample;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An agent's results are taken in once each, in order, and only for monitors of its location. */
class AgentIntakeTest {
    private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");
    private static final Location OFFICE = Location.of("office");
    private final InMemoryAgentStore store = new InMemoryAgentStore();
    private final List<String> applied = new ArrayList<>();
    private final Monitor office = monitor("db", List.of(OFFICE));
    private final Monitor elsewhere = monitor("web", List.of(Location.of("fra")));
    private final AgentIntake intake = new AgentIntake(store, agent -> new AgentIntake.Target() {
        @Override
        public Optional<Monitor> assigned(MonitorId id) {
            return List.of(office, elsewhere).stream().filter(m -> m.id().equals(id))
                    .filter(m -> m.placement().locations().contains(agent.location())).findFirst();
        }

        @Override
        public void checked(Monitor monitor, Sample sample) {
            applied.add(monitor.id().value() + "@" + Duration.between(NOON, sample.startedAt()).toSeconds());
        }
    }, Clock.fixed(NOON, ZoneOffset.UTC));

    @Test
    void aBatchSentAgainIsCountedOnceAndResultsGoInSequenceOrder() {
        store.register("t1", OFFICE);
        AgentIntake.Receipt first = intake.accept("t1", List.of(result(2, "db", 2), result(1, "db", 1)));
        assertEquals(new AgentIntake.Receipt(2, 2, 0, 0), first);
        assertEquals(List.of("db@1", "db@2"), applied, "in sequence order, whatever the batch's order");

        AgentIntake.Receipt again = intake.accept("t1", List.of(result(1, "db", 1), result(2, "db", 2),
                result(3, "db", 3), result(3, "db", 3)));
        assertEquals(new AgentIntake.Receipt(3, 1, 2, 0), again);
        assertEquals(List.of("db@1", "db@2", "db@3"), applied);
        assertEquals(Optional.of(new Agent("t1", OFFICE, 3, Optional.of(NOON))), store.find("t1"));
    }

    @Test
    void aResultOfAMonitorOfAnotherLocationIsDroppedButNumbered() {
        store.register("t1", OFFICE);
        assertEquals(new AgentIntake.Receipt(2, 1, 0, 1), intake.accept("t1", List.of(result(1, "web", 1),
                result(2, "db", 2))));
        assertEquals(List.of("db@2"), applied);
    }

    @Test
    void aTokenBoundToNoLocationDeliversNothing() {
        assertThrows(IllegalArgumentException.class, () -> intake.accept("t9", List.of(result(1, "db", 1))));
    }

    private static AgentIntake.Result result(long sequence, String monitor, int second) {
        return new AgentIntake.Result(sequence, new Sample(MonitorId.of(monitor), NOON.plusSeconds(second),
                Duration.ofMillis(3), Outcome.SUCCESS, Optional.empty(), List.of()));
    }

    private static Monitor monitor(String id, List<Location> locations) {
        return Monitor.builder(MonitorId.of(id), id, ProbeSpec.of("tcp", Map.of("host", "db", "port", "5432")))
                .placement(new Placement(locations, OptionalInt.empty())).build();
    }
}
