package dev.upwatch.core.service;

import dev.upwatch.core.memory.FixedMonitorCatalog;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.PushSettings;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monitors added, changed, paused, resumed and removed while the engine runs. A paused monitor has no scheduled check
 * (so none can run: proved by the scheduler's jobs, not by waiting), is shown with the reason {@code paused}, leaves
 * the page's overall status, and counts no checks toward its uptime.
 */
class EngineMonitorUpdateTest {
    /** Checks per monitor id. */
    private final Map<MonitorId, AtomicInteger> checks = new ConcurrentHashMap<>();
    /** Monitors the notifiers were told are paused, in order. */
    private final List<String> paused = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ProbeFactory factory = new ProbeFactory() {
        @Override
        public String type() {
            return "test";
        }

        @Override
        public Probe create(ProbeSettings settings) {
            boolean up = switch (settings.string("answer").orElse("up")) {
                case "up" -> true;
                case "down" -> false;
                default -> throw new InvalidSettingException("answer", "must be up or down");
            };
            return context -> {
                checks.computeIfAbsent(context.monitorId(), id -> new AtomicInteger()).incrementAndGet();
                return ProbeOutcome.builder().connected(up).build();
            };
        }
    };
    private UpwatchEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    private static Monitor monitor(String id, String name, String answer) {
        return Monitor.builder(MonitorId.of(id), name, ProbeSpec.of("test", Map.of("answer", answer)))
                .interval(Duration.ofSeconds(1)).timeout(Duration.ofMillis(500)).failureThreshold(1).build();
    }

    private UpwatchEngine start(Monitor... monitors) {
        engine = new UpwatchEngine(new FixedMonitorCatalog(List.of(monitors)), ProbeRegistry.of(factory, new PushProbeFactory()),
                new InMemorySampleStore(), List.of(new Notifier() {
                    @Override
                    public void statusChanged(StatusChange change) {
                    }

                    @Override
                    public void paused(Monitor monitor) {
                        paused.add(monitor.id().value());
                    }
                }), Clock.systemUTC(), EngineSettings.defaults());
        engine.start();
        return engine;
    }

    private Status status(String id) {
        return engine.statusQuery().service(MonitorId.of(id)).map(ServiceStatus::status).orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<String> shown() {
        return engine.statusQuery().snapshot().services().stream().map(s -> s.monitor().id().value()).toList();
    }

    @Test
    void anAddedMonitorIsCheckedAndShownWithoutARestart() throws Exception {
        start(monitor("a", "A", "up"));
        engine.updateMonitors(List.of(monitor("a", "A", "up"), monitor("b", "B", "down")));
        assertEquals(List.of("a", "b"), shown());
        await("b down", () -> status("b") == Status.DOWN);
        assertEquals(2, engine.schedulerStats().scheduled());
    }

    @Test
    void aRemovedMonitorStopsBeingScheduledAndShown() throws Exception {
        start(monitor("a", "A", "up"), monitor("b", "B", "up"));
        engine.updateMonitors(List.of(monitor("b", "B", "up")));
        assertEquals(List.of("b"), shown());
        assertEquals(1, engine.schedulerStats().scheduled());
        assertTrue(engine.statusQuery().service(MonitorId.of("a")).isEmpty());
    }

    @Test
    void aChangedMonitorKeepsItsStateAndTakesItsNewSettings() throws Exception {
        start(monitor("a", "A", "up"));
        await("a up", () -> status("a") == Status.UP);
        engine.updateMonitors(List.of(monitor("a", "Renamed", "up")));
        assertEquals(Status.UP, status("a"), "state survives a change that keeps the id");
        assertEquals("Renamed", engine.statusQuery().service(MonitorId.of("a")).orElseThrow().monitor().name());
        engine.updateMonitors(List.of(monitor("a", "Renamed", "down")));
        await("a down with its new probe", () -> status("a") == Status.DOWN);
    }

    private static Monitor push(String id, String token) {
        return Monitor.builder(MonitorId.of(id), id, ProbeSpec.of(PushSettings.TYPE, Map.of("token", token)))
                .interval(Duration.ofHours(1)).timeout(Duration.ofSeconds(10)).failureThreshold(1).build();
    }

    @Test
    void aPushMonitorAddedOrChangedAtRunTimeTakesPushesAndARemovedOneNoLonger() throws Exception {
        start(monitor("a", "A", "up"));
        String first = "first-token-0123456789abcdef";
        String second = "second-token-0123456789abcdef";
        assertTrue(engine.pushes().receive(first, true, Optional.empty()).isEmpty(), "not known yet");
        engine.updateMonitors(List.of(monitor("a", "A", "up"), push("beat", first)));
        assertEquals(Optional.of(MonitorId.of("beat")), engine.pushes().receive(first, true, Optional.empty()));
        await("beat up from its push", () -> status("beat") == Status.UP);
        engine.updateMonitors(List.of(monitor("a", "A", "up"), push("beat", second)));
        assertTrue(engine.pushes().receive(first, true, Optional.empty()).isEmpty(), "the old token is refused");
        assertEquals(Optional.of(MonitorId.of("beat")), engine.pushes().receive(second, false, Optional.of("disk full")));
        await("beat down from its push", () -> status("beat") == Status.DOWN);
        engine.updateMonitors(List.of(monitor("a", "A", "up")));
        assertTrue(engine.pushes().receive(second, true, Optional.empty()).isEmpty(), "removed: its token is refused");
    }

    @Test
    void aBadNewMonitorLeavesEverythingAsItWas() {
        start(monitor("a", "A", "up"));
        InvalidSettingException bad = assertThrows(InvalidSettingException.class,
                () -> engine.updateMonitors(List.of(monitor("b", "B", "sideways"))));
        assertEquals("answer", bad.key());
        assertEquals(List.of("a"), shown());
        assertEquals(1, engine.schedulerStats().scheduled());
        assertThrows(IllegalArgumentException.class,
                () -> engine.updateMonitors(List.of(monitor("a", "A", "up"), monitor("a", "Again", "up"))));
        assertEquals(List.of("a"), shown());
    }

    @Test
    void aPrivateMonitorIsAbsentFromThePublicViewOnly() throws Exception {
        Monitor hidden = Monitor.builder(MonitorId.of("hidden"), "Hidden", ProbeSpec.of("test", Map.of("answer", "down")))
                .interval(Duration.ofSeconds(1)).timeout(Duration.ofMillis(500)).failureThreshold(1)
                .visibility(dev.upwatch.core.model.Visibility.PRIVATE).build();
        start(monitor("a", "A", "up"), hidden);
        await("both decided", () -> status("a") == Status.UP && status("hidden") == Status.DOWN);
        PublicStatusQuery visible = new PublicStatusQuery(engine.statusQuery());
        assertEquals(List.of("a"), visible.snapshot().services().stream().map(s -> s.monitor().id().value()).toList());
        assertEquals(Status.UP, visible.snapshot().overall(), "a private DOWN does not colour the public headline");
        assertTrue(visible.service(MonitorId.of("hidden")).isEmpty());
        assertTrue(visible.recentSamples(MonitorId.of("hidden"), 10).isEmpty());
        assertTrue(visible.isHidden(MonitorId.of("hidden")));
        assertFalse(visible.isHidden(MonitorId.of("a")));
    }

    @Test
    void aMonitorPausedInItsConfigurationIsShownButNeverScheduled() throws Exception {
        start(monitor("web", "Web", "up"), monitor("old", "Old", "down").withPaused(true));
        assertEquals(1, engine.schedulerStats().scheduled(), "only web has a job: old cannot be checked");
        ServiceStatus old = serviceOf("old");
        assertEquals(Optional.of(ServiceStatus.PAUSED), old.reason());
        await("web up", () -> serviceOf("web").status() == Status.UP);
        assertEquals(Status.UP, engine.statusQuery().snapshot().overall(), "a paused monitor without data says nothing");
        assertEquals(CheckCounts.NONE, serviceOf("old").windowCounts().get(UptimeWindow.H24));
        assertEquals(null, checks.get(MonitorId.of("old")));
    }

    @Test
    void pausingStopsChecksAndTellsTheNotifiersAndResumingStartsThemAgain() throws Exception {
        start(monitor("web", "Web", "up"), monitor("api", "Api", "down"));
        await("api down", () -> serviceOf("api").status() == Status.DOWN);
        assertEquals(Status.DOWN, engine.statusQuery().snapshot().overall());

        engine.updateMonitors(List.of(monitor("web", "Web", "up"), monitor("api", "Api", "down").withPaused(true)));
        assertEquals(1, engine.schedulerStats().scheduled(), "api's job is gone");
        assertEquals(List.of("api"), paused, "reminders about it can stop");
        assertEquals(Status.DOWN, serviceOf("api").status(), "its last verdict is kept");
        assertEquals(Optional.of(ServiceStatus.PAUSED), serviceOf("api").reason());
        await("web up", () -> serviceOf("web").status() == Status.UP);
        assertEquals(Status.UP, engine.statusQuery().snapshot().overall(), "a paused DOWN monitor leaves the page's status");

        int before = checks.get(MonitorId.of("api")).get();
        engine.updateMonitors(List.of(monitor("web", "Web", "up"), monitor("api", "Api", "down")));
        assertEquals(2, engine.schedulerStats().scheduled());
        await("api checked again", () -> checks.get(MonitorId.of("api")).get() > before);
        assertEquals(List.of("api"), paused, "resuming is no pause");
    }

    private ServiceStatus serviceOf(String id) {
        return engine.statusQuery().service(MonitorId.of(id)).orElseThrow();
    }
}
