package dev.upwatch.persistence;

import dev.upwatch.core.port.PageSettingFeed;

import java.util.Objects;

/**
 * {@link PageSettingFeed} on PostgreSQL's LISTEN/NOTIFY: {@link JooqPageSettingStore} notifies channel
 * {@value #CHANNEL} inside the transaction that replaces the settings, and this feed, on a connection of its own,
 * tells its receiver at each burst of notifications and after each (re)connection.
 */
final class PostgresPageSettingFeed implements PageSettingFeed {
    static final String CHANNEL = "upwatch_page";
    private final PostgresListener listener;

    PostgresPageSettingFeed(DatabaseSettings settings) {
        this.listener = new PostgresListener(Objects.requireNonNull(settings, "settings"), CHANNEL,
                "upwatch-page-feed");
    }

    @Override
    public void start(Runnable changed) {
        Objects.requireNonNull(changed, "changed");
        listener.start((connection, payloads) -> changed.run());
    }

    @Override
    public void close() {
        listener.close();
    }
}
