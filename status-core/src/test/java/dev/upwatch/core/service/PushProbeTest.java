package dev.upwatch.core.service;

import dev.upwatch.core.MovableClock;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeOwner;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A push monitor is an ordinary probe type: its probe reads the pushes that reach the environment's inbox. */
class PushProbeTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    /** Plays the engine: knows which probe checks which monitor, and records the checks asked for. */
    private static final class Owner implements ProbeOwner {
        final Map<MonitorId, Probe> probes = new ConcurrentHashMap<>();
        final List<MonitorId> checkedNow = new CopyOnWriteArrayList<>();

        @Override
        public Optional<MonitorId> monitorOf(Probe probe) {
            return probes.entrySet().stream().filter(e -> e.getValue() == probe).map(Map.Entry::getKey).findFirst();
        }

        @Override
        public boolean checkNow(MonitorId id) {
            checkedNow.add(id);
            return true;
        }
    }

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T00:00:00Z"));
    private final ProbeEnvironment environment = ProbeEnvironment.builder().clock(clock).build();
    private final Owner owner = new Owner();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    PushProbeTest() {
        environment.bindOwner(owner);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static Monitor push(String id, String token) {
        return Monitor.builder(MonitorId.of(id), id, new ProbeSpec("push", ProbeSettings.of(Map.of("token", token,
                "grace", "30s")))).interval(Duration.ofMinutes(5)).build();
    }

    private Probe attach(Monitor monitor) {
        Probe probe = new PushProbeFactory().create(monitor.probe().settings(), environment);
        owner.probes.put(monitor.id(), probe);
        return probe;
    }

    private Sample check(Monitor monitor, Probe probe) {
        return new CheckRunner(clock, executor).run(monitor, probe);
    }

    @Test
    void thePushesOfAMonitorDecideItsChecks() {
        Monitor backup = push("backup", TOKEN);
        Probe probe = attach(backup);

        assertEquals(Outcome.ERROR, check(backup, probe).outcome(), "no verdict before the first push");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Optional.of(MonitorId.of("backup")), environment.pushInbox().receive(TOKEN, true, Optional.of("42 files")));
        assertEquals(Outcome.SUCCESS, check(backup, probe).outcome());
        assertEquals(List.of(MonitorId.of("backup")), owner.checkedNow, "a push checks its monitor at once");

        clock.advance(Duration.ofMinutes(5).plusSeconds(31));
        assertEquals(Optional.of("no push for 5m31s (interval + grace is 5m30s)"), check(backup, probe).error());

        environment.pushInbox().receive(TOKEN, false, Optional.of("disk full"));
        Sample down = check(backup, probe);
        assertEquals(Outcome.FAILURE, down.outcome());
        assertEquals(Optional.of("push reported down: disk full"), down.error());
    }

    @Test
    void unknownTokensAreRefusedAndTokensAreUnique() {
        attach(push("a", TOKEN));
        assertEquals(Optional.empty(), environment.pushInbox().receive(TOKEN + "x", true, Optional.empty()));
        attach(push("b", TOKEN));
        assertEquals(Optional.empty(), environment.pushInbox().receive(TOKEN, true, Optional.empty()),
                "a token two monitors share is taken by neither");
        InvalidSettingException weak = assertThrows(InvalidSettingException.class, () -> attach(push("c", "short")));
        assertEquals("token", weak.key());
    }

    @Test
    void aReplacedProbeKeepsTheMonitorsLatestPushAndAClosedOneTakesNoMore() {
        Monitor backup = push("backup", TOKEN);
        Probe first = attach(backup);
        environment.pushInbox().receive(TOKEN, true, Optional.empty());
        Probe second = attach(backup); // the monitor changed: the engine now runs a new probe for it
        assertEquals(Outcome.SUCCESS, check(backup, second).outcome(), "the latest push belongs to the monitor");
        first.close();
        owner.probes.remove(backup.id());
        assertEquals(Optional.empty(), environment.pushInbox().receive(TOKEN, true, Optional.empty()),
                "no probe of a running monitor has the token");
    }
}
