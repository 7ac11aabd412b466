package com.example.probe;

import dev.upwatch.core.condition.ConditionParser;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.CheckRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A probe from outside the project is found on the classpath through ServiceLoader and runs. */
class CustomProbeDiscoveryTest {

    @Test
    void anOutOfTreeProbeIsDiscoveredAndChecksARealServer() throws Exception {
        ProbeRegistry registry = ProbeRegistry.load(getClass().getClassLoader());
        assertTrue(registry.types().contains("redis-ping"), registry.types().toString());
        ProbeFactory factory = registry.find("redis-ping").orElseThrow();

        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            executor.submit(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    client.getInputStream().read(new byte[6]);
                    out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                return null;
            });
            ProbeSettings settings = ProbeSettings.of(Map.of("host", "127.0.0.1", "port", String.valueOf(server.getLocalPort())));
            Monitor monitor = Monitor.builder(MonitorId.of("cache"), "Cache", new ProbeSpec("redis-ping", settings))
                    .interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(2))
                    .conditions(factory.defaultConditions().stream().map(ConditionParser::parse).toList()).build();
            Sample sample = new CheckRunner(Clock.systemUTC(), executor).run(monitor,
                    registry.create(monitor.probe(), ProbeEnvironment.builder().build()));
            assertEquals(Outcome.SUCCESS, sample.outcome(), sample.toString());
            assertEquals("[BODY] (+PONG) == +PONG", sample.conditionResults().get(0).rendered());
        }
    }

    @Test
    void settingsAreValidatedWhenTheProbeIsCreated() {
        InvalidSettingException error = assertThrows(InvalidSettingException.class,
                () -> new RedisPingProbeFactory().create(ProbeSettings.of(Map.of("host", "h", "port", "70000"))));
        assertEquals("port", error.key());
    }

    @Test
    void failingToConnectIsAFailureNotAnException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ProbeSettings settings = ProbeSettings.of(Map.of("host", "127.0.0.1", "port", String.valueOf(closedPort)));
        Monitor monitor = Monitor.builder(MonitorId.of("cache"), "Cache", new ProbeSpec("redis-ping", settings))
                .conditions(java.util.List.of(ConditionParser.parse("[BODY] == +PONG"))).timeout(Duration.ofSeconds(2)).build();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Sample sample = new CheckRunner(Clock.systemUTC(), executor).run(monitor,
                    new RedisPingProbeFactory().create(settings, ProbeEnvironment.builder().build()));
            assertEquals(Outcome.FAILURE, sample.outcome());
            assertTrue(sample.error().orElseThrow().contains("refused"), sample.error().toString());
        }
    }

    @Test
    void theEnvironmentRefusesWhatThePolicyDeniesBeforeTheProbeConnects() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            ProbeSettings settings = ProbeSettings.of(Map.of("host", "127.0.0.1", "port", String.valueOf(server.getLocalPort())));
            Monitor monitor = Monitor.builder(MonitorId.of("cache"), "Cache", new ProbeSpec("redis-ping", settings))
                    .timeout(Duration.ofSeconds(2)).build();
            ProbeEnvironment safe = ProbeEnvironment.builder().egressPolicy(EgressPolicy.denyPrivate(List.of())).build();
            Sample sample = new CheckRunner(Clock.systemUTC(), executor).run(monitor,
                    new RedisPingProbeFactory().create(settings, safe));
            assertEquals(Outcome.BLOCKED, sample.outcome());
            assertEquals("blocked by egress policy: 127.0.0.1 is a loopback address", sample.error().orElseThrow());
        }
    }

    /** A factory written before the probe environment existed: it implements only {@code create(settings)}. */
    private static final class OldStyleFactory implements ProbeFactory {
        @Override
        public String type() {
            return "old-style";
        }

        @Override
        public Probe create(ProbeSettings settings) {
            String answer = settings.requireString("answer");
            return context -> ProbeOutcome.builder().connected(true).body(answer).build();
        }
    }

    @Test
    void aFactoryWrittenBeforeTheEnvironmentKeepsWorking() {
        ProbeRegistry registry = ProbeRegistry.of(new OldStyleFactory(), new RedisPingProbeFactory());
        assertEquals(false, registry.checksEgress("old-style"), "its probes open their own sockets");
        assertEquals(true, registry.checksEgress("redis-ping"));
        Monitor monitor = Monitor.builder(MonitorId.of("old"), "Old", ProbeSpec.of("old-style", Map.of("answer", "fine")))
                .conditions(List.of(ConditionParser.parse("[BODY] == fine"))).build();
        registry.validate(monitor.probe());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Sample sample = new CheckRunner(Clock.systemUTC(), executor).run(monitor,
                    registry.create(monitor.probe(), ProbeEnvironment.builder().build()));
            assertEquals(Outcome.SUCCESS, sample.outcome(), sample.toString());
        }
    }
}
