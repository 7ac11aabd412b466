package dev.upwatch.core.service;

import dev.upwatch.core.Upwatch;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine honours maintenance windows and push monitors end to end (embedding API, in-memory store). */
class EngineRulesTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    /** A probe type whose every check fails, as a refused connection would. */
    private static final class RefusedProbeFactory implements ProbeFactory {
        @Override
        public String type() {
            return "refused";
        }

        @Override
        public Probe create(ProbeSettings settings) {
            return context -> ProbeOutcome.unreachable("connection refused");
        }
    }

    @Test
    void failuresInsideAWindowAreMaintenanceAndPushesDecideAPushMonitor() throws Exception {
        Monitor db = Monitor.builder(MonitorId.of("db"), "DB", new ProbeSpec("refused", ProbeSettings.empty()))
                .interval(Duration.ofSeconds(1)).timeout(Duration.ofMillis(500)).failureThreshold(1).build();
        Monitor job = Monitor.builder(MonitorId.of("job"), "Job", new ProbeSpec("push", ProbeSettings.of(Map.of("token", TOKEN))))
                .interval(Duration.ofHours(1)).failureThreshold(1).build();
        List<StatusChange> changes = new CopyOnWriteArrayList<>();
        try (UpwatchEngine engine = Upwatch.builder()
                .probes(ProbeRegistry.of(new RefusedProbeFactory(), new PushProbeFactory()))
                .monitor(db).monitor(job)
                .maintenance(new MaintenanceWindow("Upgrade", java.util.Set.of(db.id()),
                        Recurrence.once(Instant.now().minusSeconds(60)), Duration.ofHours(1)))
                .onStatusChange(changes::add)
                .start()) {
            await(() -> engine.statusQuery().service(db.id()).orElseThrow().status() == Status.MAINTENANCE);
            await(() -> engine.statusQuery().recentSamples(db.id(), 10).size() >= 3);
            assertTrue(changes.stream().noneMatch(c -> c.current() == Status.DOWN), changes.toString());
            assertTrue(engine.statusQuery().recentSamples(db.id(), 10).stream()
                    .allMatch(s -> s.error().orElse("").startsWith("in maintenance (Upgrade): ")));

            assertEquals(Status.UNKNOWN, engine.statusQuery().service(job.id()).orElseThrow().status());
            assertEquals(Optional.of(job.id()), engine.pushes().receive(TOKEN, true, Optional.empty()));
            await(() -> engine.statusQuery().service(job.id()).orElseThrow().status() == Status.UP);
            engine.pushes().receive(TOKEN, false, Optional.of("disk full"));
            await(() -> engine.statusQuery().service(job.id()).orElseThrow().status() == Status.DOWN);
            // Listeners hear of a change just after the status shows it: wait for the announcement itself.
            await(() -> changes.stream().anyMatch(c -> c.monitor().id().equals(job.id()) && c.current() == Status.DOWN));
            assertEquals("push reported down: disk full", changes.stream()
                    .filter(c -> c.monitor().id().equals(job.id()) && c.current() == Status.DOWN).findFirst().orElseThrow().reason());
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(50);
        }
    }
}
