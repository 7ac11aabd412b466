package dev.upwatch.persistence;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * LISTEN on one PostgreSQL channel, on a connection of its own (not one of the pool's) and a daemon thread: each burst
 * of notifications is handed on as the set of their payloads, and each (re)connection as an empty {@code Optional}
 * (what was notified while away is lost: read everything). Reconnects after a second when the connection fails.
 */
final class PostgresListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PostgresListener.class.getName());
    /** How long one wait for notifications lasts, in milliseconds: also how soon {@link #close()} is noticed. */
    private static final int POLL_MILLIS = 250;
    /** Pause before connecting again after the connection failed, in milliseconds. */
    private static final long RECONNECT_MILLIS = 1_000;

    /** What a listener does with what it hears, on the listener's connection. */
    interface Receiver {
        /** {@code payloads}: those of a burst of notifications; empty after a (re)connection (read everything). */
        void heard(Connection connection, Optional<Set<String>> payloads) throws SQLException;
    }

    private final DatabaseSettings settings;
    private final String channel;
    private final String threadName;
    private volatile boolean closed;
    private volatile Thread thread;

    PostgresListener(DatabaseSettings settings, String channel, String threadName) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.threadName = Objects.requireNonNull(threadName, "threadName");
    }

    /** Starts listening; {@code receiver} runs on the listener's thread. */
    void start(Receiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        thread = Thread.ofPlatform().name(threadName).daemon(true).start(() -> run(receiver));
    }

    private void run(Receiver receiver) {
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.username(),
                    settings.password().orElse(null))) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen " + channel);
                }
                tell(receiver, connection, Optional.empty()); // whatever happened before we listened
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] told = notifications.getNotifications(POLL_MILLIS);
                    if (told != null && told.length > 0) {
                        Set<String> payloads = new LinkedHashSet<>();
                        for (PGNotification notification : told) {
                            payloads.add(notification.getParameter());
                        }
                        tell(receiver, connection, Optional.of(payloads));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, threadName + " lost its database connection, reconnecting: "
                        + e.getMessage());
                try {
                    Thread.sleep(RECONNECT_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void tell(Receiver receiver, Connection connection, Optional<Set<String>> payloads) throws SQLException {
        try {
            receiver.heard(connection, payloads);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, threadName + ": receiver failed", e);
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
