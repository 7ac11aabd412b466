package dev.upwatch.persistence;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.CommittedStatusFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statuses committed through the transition store reach a listening feed (LISTEN/NOTIFY) on a real PostgreSQL. */
class PostgresStatusFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private DatabaseSettings settings;
    private Database database;

    @BeforeEach
    void open() {
        settings = PostgresServer.get().createDatabase();
        database = Database.open(settings);
    }

    @AfterEach
    void close() {
        database.close();
        PostgresServer.get().dropDatabase(settings);
    }

    @Test
    void aFeedGetsEveryCommittedStatusOnConnectingThenEachCommitAsItHappens() throws Exception {
        CommittedStatus before = new CommittedStatus(MonitorId.of("api"), Status.UP, T0);
        database.transitionStore().commit(Transition.baseline(before));
        BlockingQueue<List<CommittedStatus>> received = new LinkedBlockingQueue<>();
        try (CommittedStatusFeed feed = database.statusFeed().orElseThrow()) {
            feed.start(received::add);
            assertEquals(List.of(before), received.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "the catch-up read");

            CommittedStatus down = new CommittedStatus(MonitorId.of("api"), Status.DOWN, T0.plusSeconds(30)
                    .truncatedTo(ChronoUnit.MICROS));
            database.transitionStore().commit(Transition.baseline(down));
            assertEquals(List.of(down), received.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "told of the commit");
        }
    }

    @Test
    void theEmbeddedStoreHasNoFeed(@TempDir Path dir) {
        try (Database h2 = Database.open(DatabaseSettings.embedded(dir))) {
            assertTrue(h2.statusFeed().isEmpty());
        }
    }
}
