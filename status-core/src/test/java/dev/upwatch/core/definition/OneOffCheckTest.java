package dev.upwatch.core.definition;

import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.memory.InMemoryMonitorDefinitionStore;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.OneOffCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Check now": a definition is validated by the monitors' rules, its probe built in the given probe environment, run
 * once and closed; nothing is stored or put in force; a probe type outside the environment is refused.
 */
class OneOffCheckTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private final InMemoryMonitorDefinitionStore store = new InMemoryMonitorDefinitionStore();
    private final MonitorDefinitions definitions = new MonitorDefinitions(new DefinitionFakes.MonitorFormat(),
            List.of(), List::of, store, List.of(), new DefinitionFakes.MemoryCodec(), CLOCK);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ProbeEnvironment environment = ProbeEnvironment.builder().clock(CLOCK).build();
    private final AtomicReference<ProbeEnvironment> given = new AtomicReference<>();
    private final AtomicReference<Boolean> closed = new AtomicReference<>(false);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** The fakes' monitors have type {@code test}: a probe that connects in 5 ms and remembers its environment. */
    private final ProbeFactory withEnvironment = new ProbeFactory() {
        @Override
        public String type() {
            return "test";
        }

        @Override
        public Probe create(ProbeSettings settings) {
            throw new AssertionError("the environment's create must be called");
        }

        @Override
        public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
            given.set(environment);
            return new Probe() {
                @Override
                public ProbeOutcome probe(dev.upwatch.core.probe.ProbeContext context) {
                    return ProbeOutcome.builder().connected(true).phase("connect", Duration.ofMillis(5))
                            .elapsed(Duration.ofMillis(5)).build();
                }

                @Override
                public void close() {
                    closed.set(true);
                }
            };
        }
    };

    @Test
    void checksOnceThroughTheEnvironmentAndStoresNothing() {
        OneOffCheck check = new OneOffCheck(definitions, ProbeRegistry.of(withEnvironment), environment, CLOCK, executor);
        Sample sample = check.check(Map.of("id", "fresh"), Optional.empty());

        assertEquals(Outcome.SUCCESS, sample.outcome());
        assertEquals(Map.of("connect", Duration.ofMillis(5)), sample.phases());
        assertSame(environment, given.get(), "built in the engine's probe environment");
        assertTrue(closed.get(), "the probe is closed after its check");
        assertTrue(store.all().isEmpty(), "nothing stored");
        assertTrue(definitions.list().isEmpty(), "nothing put in force");
    }

    @Test
    void anInvalidDefinitionIsRefusedByKeyBeforeAnyProbeIsBuilt() {
        OneOffCheck check = new OneOffCheck(definitions, ProbeRegistry.of(withEnvironment), environment, CLOCK, executor);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> check.check(Map.of("id", "fresh", "bogus", "1"), Optional.empty()));
        assertEquals("bogus", e.problems().getFirst().key());
        assertEquals(null, given.get());
    }

    @Test
    void aProbeTypeOutsideTheEnvironmentIsNotRunOnDemand() {
        ProbeFactory legacy = new ProbeFactory() {
            @Override
            public String type() {
                return "test";
            }

            @Override
            public Probe create(ProbeSettings settings) {
                throw new AssertionError("a legacy probe must not be built: it would bypass the egress policy");
            }
        };
        OneOffCheck check = new OneOffCheck(definitions, ProbeRegistry.of(legacy), environment, CLOCK, executor);
        DefinitionRefused refused = assertThrows(DefinitionRefused.class,
                () -> check.check(Map.of("id", "fresh"), Optional.empty()));
        assertEquals(Refusal.NOT_CHECKABLE, refused.reason());
    }
}
