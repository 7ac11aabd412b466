package dev.upwatch.core.service;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.InvalidSettingException;
import dev.upwatch.core.probe.ProbeSettings;
import dev.upwatch.core.probe.ProbeSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PushRegistryTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-29T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Monitor push(String id, String token) {
        return Monitor.builder(MonitorId.of(id), id, new ProbeSpec("push", ProbeSettings.of(Map.of("token", token,
                "grace", "30s")))).interval(Duration.ofMinutes(5)).build();
    }

    @Test
    void thePushesOfAMonitorDecideItsChecks() {
        MovableClock clock = new MovableClock();
        PushRegistry registry = new PushRegistry(clock);
        List<MonitorId> heard = new CopyOnWriteArrayList<>();
        registry.onPush(heard::add);
        Supplier<Sample> check = registry.attach(push("backup", TOKEN));

        assertEquals(Outcome.ERROR, check.get().outcome(), "no verdict before the first push");
        clock.now = clock.now.plusSeconds(60);
        assertEquals(Optional.of(MonitorId.of("backup")), registry.receive(TOKEN, true, Optional.of("42 files")));
        assertEquals(Outcome.SUCCESS, check.get().outcome());
        assertEquals(List.of(MonitorId.of("backup")), heard);

        clock.now = clock.now.plus(Duration.ofMinutes(5).plusSeconds(31));
        assertEquals(Optional.of("no push for 5m31s (interval + grace is 5m30s)"), check.get().error());

        registry.receive(TOKEN, false, Optional.of("disk full"));
        Sample down = check.get();
        assertEquals(Outcome.FAILURE, down.outcome());
        assertEquals(Optional.of("push reported down: disk full"), down.error());
    }

    @Test
    void unknownTokensAreRefusedAndTokensAreUnique() {
        PushRegistry registry = new PushRegistry(new MovableClock());
        registry.attach(push("a", TOKEN));
        assertEquals(Optional.empty(), registry.receive(TOKEN + "x", true, Optional.empty()));
        assertThrows(IllegalStateException.class, () -> registry.attach(push("b", TOKEN)));
        InvalidSettingException weak = assertThrows(InvalidSettingException.class, () -> registry.attach(push("c", "short")));
        assertEquals("token", weak.key());
    }
}
