package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.service.SampleBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write path through a real outage: {@link SampleBuffer} in front of the PostgreSQL store, reached through a
 * {@link TcpProxy} that is cut while samples keep coming and then restored. Nothing may be lost, nothing written
 * twice, and the store must receive the samples in the order they were offered.
 */
class DatabaseOutageTest {
    private static final int MONITORS = 100;
    private static final Instant START = Instant.parse("2026-03-14T12:00:00Z");

    private final List<AutoCloseable> cleanUps = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : cleanUps.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aDatabaseOutageLosesNoSampleAndKeepsTheirOrder() throws Exception {
        PostgresServer server = PostgresServer.get();
        DatabaseSettings direct = server.createDatabase();
        cleanUps.add(() -> server.dropDatabase(direct));
        URI target = URI.create(direct.jdbcUrl().substring("jdbc:".length()));
        TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
        cleanUps.add(proxy);
        DatabaseSettings viaProxy = new DatabaseSettings(direct.jdbcUrl().replaceFirst(
                "//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"), direct.username(), direct.password());
        Database database = Database.open(viaProxy);
        cleanUps.add(database);
        RecordingStore store = new RecordingStore(database.sampleStore());
        SampleBuffer buffer = new SampleBuffer(store, 10_000, 500, Duration.ofMillis(50));
        buffer.start();
        List<Sample> offered = IntStream.range(0, 4_000).mapToObj(DatabaseOutageTest::sample).toList();

        offered.subList(0, 1_000).forEach(buffer::offer);
        awaitTrue(() -> buffer.written() == 1_000);
        proxy.cut();
        // 2,000 samples: 60 s of 1,000 monitors checked every 30 s.
        offered.subList(1_000, 3_000).forEach(buffer::offer);
        awaitTrue(() -> buffer.writeFailures() >= 2);
        assertEquals(1_000, buffer.written(), "nothing gets through while the database is cut off");
        proxy.restore();
        offered.subList(3_000, 4_000).forEach(buffer::offer);
        buffer.close(Duration.ofSeconds(60));

        assertEquals(0, buffer.dropped());
        assertEquals(4_000, buffer.written());
        assertEquals(offered, store.appended(), "the store received every sample once, in the offered order");
        assertEquals(4_000, DirectJdbc.queryLong(direct, "select count(*) from sample"));
        for (int monitor = 0; monitor < MONITORS; monitor++) {
            MonitorId id = monitorId(monitor);
            List<Sample> expected = offered.stream().filter(s -> s.monitorId().equals(id)).toList();
            assertEquals(expected, database.sampleStore().between(id, START, START.plus(Duration.ofDays(1)), 1_000));
        }
    }

    /** Sample {@code i}: monitors in turn, one check every 30 s per monitor, so start times rise with {@code i}. */
    private static Sample sample(int i) {
        Instant startedAt = START.plusMillis(30_000L * i / MONITORS);
        Outcome outcome = i % 7 == 0 ? Outcome.FAILURE : Outcome.SUCCESS;
        return new Sample(monitorId(i % MONITORS), startedAt, Duration.ofMillis(i % 500), outcome,
                outcome == Outcome.FAILURE ? Optional.of("check " + i) : Optional.empty(), List.of(), Optional.empty(),
                Map.of("connect", Duration.ofMillis(i % 13), "firstByte", Duration.ofMillis(i % 100)));
    }

    private static MonitorId monitorId(int monitor) {
        return MonitorId.of("monitor-" + monitor);
    }

    /** Waits for a state the test cannot go on without; gives up after a minute so a bug fails instead of hanging. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within a minute");
            Thread.sleep(20);
        }
    }

    /** The real store, noting each batch it accepted, in order. */
    private static final class RecordingStore implements SampleStore {
        private final SampleStore delegate;
        private final List<Sample> appended = Collections.synchronizedList(new ArrayList<>());

        RecordingStore(SampleStore delegate) {
            this.delegate = delegate;
        }

        List<Sample> appended() {
            return List.copyOf(appended);
        }

        @Override
        public void append(List<Sample> samples) {
            delegate.append(samples);
            appended.addAll(samples);
        }

        @Override
        public List<Sample> recent(MonitorId monitorId, int limit) {
            return delegate.recent(monitorId, limit);
        }
    }
}
