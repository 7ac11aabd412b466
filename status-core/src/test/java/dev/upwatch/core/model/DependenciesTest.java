package dev.upwatch.core.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code depends-on} graph: its checks, the monitors a failure belongs to, and who depends on whom. */
class DependenciesTest {

    private static Monitor monitor(String id, String... parents) {
        return Monitor.builder(MonitorId.of(id), id.toUpperCase(java.util.Locale.ROOT),
                        new ProbeSpec("tcp", ProbeSettings.empty()))
                .dependsOn(Arrays.stream(parents).map(MonitorId::of).toList()).build();
    }

    private static List<String> messages(List<Monitor> monitors) {
        return Dependencies.problems(monitors).stream()
                .map(p -> p.monitor().value() + p.parent().map(parent -> "[" + parent.value() + "]").orElse("")
                        + ": " + p.message())
                .toList();
    }

    @Test
    void aTreeHasNoProblems() {
        assertEquals(List.of(), messages(List.of(monitor("router"), monitor("switch", "router"),
                monitor("api", "switch", "router"))));
    }

    @Test
    void unknownIdsAndIdsNamedTwiceAreProblemsOfTheirMonitor() {
        assertEquals(List.of("api[ruoter]: unknown monitor id 'ruoter'", "web[router]: 'router' is named twice"),
                messages(List.of(monitor("router"), monitor("api", "ruoter"), monitor("web", "router", "router"))));
    }

    @Test
    void everyCycleIsReportedOnceAtItsFirstMonitorNamingTheLoop() {
        assertEquals(List.of("a: depends-on forms a cycle: a -> b -> c -> a", "self: depends-on forms a cycle: self -> self"),
                messages(List.of(monitor("a", "b"), monitor("b", "c"), monitor("c", "a"), monitor("d", "a"),
                        monitor("self", "self"))));
    }

    @Test
    void dependentsAreEveryMonitorBelowNearestFirstEachOnce() {
        Dependencies graph = Dependencies.of(List.of(monitor("router"), monitor("switch", "router"),
                monitor("api", "switch", "router"), monitor("web", "api"), monitor("other")));
        assertEquals(List.of("switch", "api", "web"),
                graph.dependents(MonitorId.of("router")).stream().map(m -> m.id().value()).toList());
        assertEquals(List.of(), graph.dependents(MonitorId.of("other")));
    }

    @Test
    void aFailureBelongsToTheTopmostMonitorAboveThatIsOut() {
        Dependencies graph = Dependencies.of(List.of(monitor("router"), monitor("switch", "router"),
                monitor("api", "switch")));
        MonitorId api = MonitorId.of("api");
        assertEquals(Optional.empty(), graph.outAncestor(api, id -> false));
        assertEquals("switch", graph.outAncestor(api, Set.of(MonitorId.of("switch"))::contains).orElseThrow().id().value());
        assertEquals("router", graph.outAncestor(api, Set.of(MonitorId.of("switch"), MonitorId.of("router"))::contains)
                .orElseThrow().id().value(), "the root of the outage, not the nearest symptom");
        assertEquals("router", graph.outAncestor(api, Set.of(MonitorId.of("router"))::contains).orElseThrow().id().value(),
                "also when the monitor between has not failed yet");
    }

    @Test
    void aGraphWithACycleOrUnknownIdsNeverLoops() {
        Dependencies graph = Dependencies.of(List.of(monitor("a", "b", "gone"), monitor("b", "a")));
        assertEquals(Optional.empty(), graph.outAncestor(MonitorId.of("a"), id -> false));
        assertEquals(List.of("b"), graph.dependents(MonitorId.of("a")).stream().map(m -> m.id().value()).toList());
        assertTrue(graph.outAncestor(MonitorId.of("a"), MonitorId.of("b")::equals).isPresent());
    }

    @Test
    void namesAreCutAfterTen() {
        List<Monitor> many = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> monitor("m" + i)).toList();
        assertEquals("M1, M2, M3, M4, M5, M6, M7, M8, M9, M10 +2 more", Dependencies.names(many));
    }
}
