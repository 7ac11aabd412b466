package dev.upwatch.persistence;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.CommittedStatusFeed;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link CommittedStatusFeed} on PostgreSQL's LISTEN/NOTIFY: {@link JooqTransitionStore} notifies channel
 * {@value #CHANNEL} with each monitor id inside the committing transaction, and this feed, on a connection of its own
 * (not one of the pool's), reads the committed rows of the ids it is told and hands them on. After each (re)connection
 * it hands on every committed status, so a change committed while it was away is not missed.
 */
final class PostgresStatusFeed implements CommittedStatusFeed {
    static final String CHANNEL = "upwatch_status";
    private static final System.Logger LOG = System.getLogger(PostgresStatusFeed.class.getName());
    /** How long one wait for notifications lasts, in milliseconds: also how soon {@link #close()} is noticed. */
    private static final int POLL_MILLIS = 250;
    /** Pause before connecting again after the connection failed, in milliseconds. */
    private static final long RECONNECT_MILLIS = 1_000;

    private final DatabaseSettings settings;
    private volatile boolean closed;
    private volatile Thread thread;

    PostgresStatusFeed(DatabaseSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void start(Consumer<List<CommittedStatus>> receiver) {
        Objects.requireNonNull(receiver, "receiver");
        thread = Thread.ofPlatform().name("upwatch-status-feed").daemon(true).start(() -> run(receiver));
    }

    private void run(Consumer<List<CommittedStatus>> receiver) {
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.username(),
                    settings.password().orElse(null))) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen " + CHANNEL);
                }
                deliver(receiver, read(connection, null)); // whatever was committed before we listened
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] told = notifications.getNotifications(POLL_MILLIS);
                    if (told == null || told.length == 0) {
                        continue;
                    }
                    Set<String> ids = new LinkedHashSet<>();
                    for (PGNotification notification : told) {
                        ids.add(notification.getParameter());
                    }
                    deliver(receiver, read(connection, ids));
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "status feed lost its database connection, reconnecting: "
                        + e.getMessage());
                try {
                    Thread.sleep(RECONNECT_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static void deliver(Consumer<List<CommittedStatus>> receiver, List<CommittedStatus> statuses) {
        if (statuses.isEmpty()) {
            return;
        }
        try {
            receiver.accept(statuses);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "status feed receiver failed", e);
        }
    }

    /** The committed statuses of {@code ids}, or of every monitor when null. */
    private static List<CommittedStatus> read(Connection connection, Set<String> ids) throws SQLException {
        String sql = "select monitor, status, since from monitor_status"
                + (ids == null ? "" : " where monitor = any(?)");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (ids != null) {
                Array array = connection.createArrayOf("varchar", ids.toArray());
                statement.setArray(1, array);
            }
            List<CommittedStatus> statuses = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Timestamp since = rows.getTimestamp(3);
                    statuses.add(new CommittedStatus(MonitorId.of(rows.getString(1)),
                            JooqTransitionStore.status(rows.getString(2)), since.toInstant()));
                }
            }
            return statuses;
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
