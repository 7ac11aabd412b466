package dev.upwatch.persistence;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.LocationStatus;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.CommittedStatusFeed;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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
    private final PostgresListener listener;

    PostgresStatusFeed(DatabaseSettings settings) {
        this.listener = new PostgresListener(Objects.requireNonNull(settings, "settings"), CHANNEL,
                "upwatch-status-feed");
    }

    @Override
    public void start(Consumer<List<CommittedStatus>> receiver) {
        Objects.requireNonNull(receiver, "receiver");
        // After each (re)connection: every committed status, since what was committed meanwhile was not notified.
        listener.start((connection, ids) -> {
            List<CommittedStatus> statuses = read(connection, ids.orElse(null));
            if (!statuses.isEmpty()) {
                receiver.accept(statuses);
            }
        });
    }

    /** The committed statuses of {@code ids}, or of every monitor when null, each with its locations' verdicts. */
    private static List<CommittedStatus> read(Connection connection, Set<String> ids) throws SQLException {
        Map<MonitorId, List<LocationStatus>> located = new HashMap<>();
        String where = ids == null ? "" : " where monitor = any(?)";
        try (PreparedStatement statement = connection.prepareStatement("select monitor, location, status, since, "
                + "checked_at, response_us, reason from location_status" + where)) {
            if (ids != null) {
                statement.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    LocationStatus location = new LocationStatus(MonitorId.of(rows.getString(1)),
                            Location.of(rows.getString(2)), JooqTransitionStore.status(rows.getString(3)),
                            rows.getTimestamp(4).toInstant(), rows.getTimestamp(5).toInstant(),
                            Duration.ofNanos(rows.getLong(6) * 1_000), rows.getString(7));
                    located.computeIfAbsent(location.monitor(), id -> new ArrayList<>()).add(location);
                }
            }
        }
        List<CommittedStatus> statuses = new ArrayList<>();
        for (CommittedStatus status : readStatuses(connection, ids)) {
            statuses.add(new CommittedStatus(status.monitor(), status.status(), status.since(),
                    located.getOrDefault(status.monitor(), List.of())));
        }
        return statuses;
    }

    private static List<CommittedStatus> readStatuses(Connection connection, Set<String> ids) throws SQLException {
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
        listener.close();
    }
}
