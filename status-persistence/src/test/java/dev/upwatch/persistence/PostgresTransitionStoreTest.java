package dev.upwatch.persistence;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.TransitionStore;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** The transition contract on a real PostgreSQL (see {@link PostgresServer}), one new database per test. */
class PostgresTransitionStoreTest extends TransitionStoreContract {

    /**
     * Two locations report at once: the second waits on the monitor's status row while the first decides, and then
     * decides from what the first committed, so one change is decided once.
     */
    @Test
    void concurrentReportsOfOneMonitorSerializeOnItsStatusRow() throws Exception {
        TransitionStore store = database.transitionStore();
        store.commit(Transition.baseline(new CommittedStatus(API, Status.UP, T0)));
        List<Status> secondSaw = new CopyOnWriteArrayList<>();
        CompletableFuture<Optional<Transition>> second = new CompletableFuture<>();
        Optional<Transition> first = store.report(location("fra", Status.DOWN, T0.plusSeconds(1)), standing -> {
            Thread.ofVirtual().start(() -> {
                try {
                    second.complete(store.report(location("nyc", Status.DOWN, T0.plusSeconds(2)), seen -> {
                        secondSaw.add(seen.status());
                        return Optional.empty();
                    }));
                } catch (RuntimeException e) {
                    second.completeExceptionally(e);
                }
            });
            awaitLockWait(); // the second report is blocked on the row this transaction holds
            assertEquals(List.of(), secondSaw);
            return Optional.of(Transition.baseline(new CommittedStatus(API, Status.DOWN, T0.plusSeconds(1))));
        });

        assertEquals(true, first.isPresent());
        assertEquals(Optional.empty(), second.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(Status.DOWN), secondSaw, "the second decides from the first's commit");
    }

    /** Waits (deadline 30 s) until a session of this database waits for a lock. */
    private void awaitLockWait() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.username(),
                settings.password().orElse(null)); Statement statement = connection.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = statement.executeQuery("select count(*) from pg_stat_activity where "
                        + "datname = current_database() and wait_event_type = 'Lock'")) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // poll every 10 ms
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        fail("no report waited on the monitor's status row");
    }

    @Override
    protected DatabaseSettings newDatabase() {
        return PostgresServer.get().createDatabase();
    }

    @Override
    protected void dropDatabase(DatabaseSettings settings) {
        PostgresServer.get().dropDatabase(settings);
    }
}
