package dev.upwatch.persistence;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * Wakes a relay when another node stores or finishes outbox messages: LISTEN on a PostgreSQL channel, on a
 * connection of its own (not one of the pool's). A burst of notifications is one wake-up; each (re)connection is one
 * too, since what was notified while it was away is lost.
 */
final class PostgresOutboxSignal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PostgresOutboxSignal.class.getName());
    /** How long one wait for notifications lasts, in milliseconds: also how soon {@link #close()} is noticed. */
    private static final int POLL_MILLIS = 250;
    /** Pause before connecting again after the connection failed, in milliseconds. */
    private static final long RECONNECT_MILLIS = 1_000;

    private final DatabaseSettings settings;
    private final String channel;
    private volatile boolean closed;
    private volatile Thread thread;

    PostgresOutboxSignal(DatabaseSettings settings, String channel) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** Starts listening on the daemon thread {@code upwatch-outbox-signal}. */
    void start(Runnable wake) {
        Objects.requireNonNull(wake, "wake");
        thread = Thread.ofPlatform().name("upwatch-outbox-signal").daemon(true).start(() -> run(wake));
    }

    private void run(Runnable wake) {
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.username(),
                    settings.password().orElse(null))) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen " + channel);
                }
                tell(wake); // whatever was stored before we listened
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] told = notifications.getNotifications(POLL_MILLIS);
                    if (told != null && told.length > 0) {
                        tell(wake);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "outbox signal lost its database connection, reconnecting: "
                        + e.getMessage());
                try {
                    Thread.sleep(RECONNECT_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static void tell(Runnable wake) {
        try {
            wake.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "outbox relay failed to wake", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread running = thread;
        if (running != null) {
            try {
                running.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
