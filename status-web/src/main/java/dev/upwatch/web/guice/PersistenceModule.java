package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.web.config.StorageConfig;

/** Storage: PostgreSQL when a JDBC URL is configured, else the embedded H2 file database. */
public final class PersistenceModule extends AbstractModule {

    @Provides
    @Singleton
    Database database(StorageConfig storage) {
        return Database.open(settings(storage));
    }

    /** The database the storage configuration names: its JDBC URL, else the embedded H2 file database. */
    public static DatabaseSettings settings(StorageConfig storage) {
        return storage.jdbcUrl()
                .map(url -> new DatabaseSettings(url, storage.username().orElse(""), storage.password()))
                .orElseGet(() -> DatabaseSettings.embedded(storage.dataDirectory()));
    }

    @Provides
    @Singleton
    SampleStore sampleStore(Database database) {
        return database.sampleStore();
    }

    @Provides
    @Singleton
    RollupStore rollupStore(Database database) {
        return database.rollupStore();
    }

    @Provides
    @Singleton
    IncidentStore incidentStore(Database database) {
        return database.incidentStore();
    }

    @Provides
    @Singleton
    OutboxStore outboxStore(Database database) {
        return database.outboxStore();
    }
}
