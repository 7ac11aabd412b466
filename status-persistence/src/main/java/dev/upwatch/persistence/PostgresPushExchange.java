package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Push;
import dev.upwatch.core.port.PushExchange;
import org.jooq.DSLContext;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@link PushExchange} on PostgreSQL: {@code push_latest} (V32) keeps each monitor's latest push, written with
 * {@code pg_notify('}{@value #CHANNEL}{@code ', monitor)} in the same transaction; a follower reads the rows of the
 * monitors it is told of (all of them after each (re)connection) on a listening connection of its own.
 */
final class PostgresPushExchange implements PushExchange {
    static final String CHANNEL = "upwatch_push";

    private final DSLContext dsl;
    private final PostgresListener listener;

    PostgresPushExchange(DSLContext dsl, DatabaseSettings settings) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.listener = new PostgresListener(settings, CHANNEL, "upwatch-push-feed");
    }

    @Override
    public void publish(MonitorId monitor, Push push) {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(push, "push");
        dsl.transaction(tx -> {
            tx.dsl().execute("""
                    insert into push_latest (monitor, received_at, up, message) values (?, cast(? as timestamp with time zone), ?, ?)
                    on conflict (monitor) do update set received_at = excluded.received_at, up = excluded.up,
                        message = excluded.message
                    where push_latest.received_at < excluded.received_at""",
                    monitor.value(), push.at().atOffset(ZoneOffset.UTC), push.up(), push.message().orElse(null));
            tx.dsl().fetch("select pg_notify(?, ?)", CHANNEL, monitor.value());
        });
    }

    @Override
    public void follow(BiConsumer<MonitorId, Push> receiver) {
        Objects.requireNonNull(receiver, "receiver");
        listener.start((connection, monitors) -> read(connection, monitors, receiver));
    }

    /** Hands on the latest pushes of {@code monitors}, or of every monitor when empty. */
    private static void read(Connection connection, Optional<Set<String>> monitors, BiConsumer<MonitorId, Push> receiver)
            throws SQLException {
        String sql = "select monitor, received_at, up, message from push_latest"
                + (monitors.isPresent() ? " where monitor = any(?)" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (monitors.isPresent()) {
                Array array = connection.createArrayOf("varchar", monitors.get().toArray());
                statement.setArray(1, array);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    receiver.accept(MonitorId.of(rows.getString(1)), new Push(rows.getTimestamp(2).toInstant(),
                            rows.getBoolean(3), Optional.ofNullable(rows.getString(4))));
                }
            }
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}
