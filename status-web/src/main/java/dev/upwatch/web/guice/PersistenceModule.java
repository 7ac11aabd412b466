package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.web.config.StorageConfig;

/** Storage: PostgreSQL when a JDBC URL is configured, else the embedded H2 file database. */
public final class PersistenceModule extends AbstractModule {

    @Provides
    @Singleton
    Database database(StorageConfig storage) {
        DatabaseSettings settings = storage.jdbcUrl()
                .map(url -> new DatabaseSettings(url, storage.username().orElse(""), storage.password()))
                .orElseGet(() -> DatabaseSettings.embedded(storage.dataDirectory()));
        return Database.open(settings);
    }

    @Provides
    @Singleton
    SampleStore sampleStore(Database database) {
        return database.sampleStore();
    }

    @Provides
    @Singleton
    IncidentStore incidentStore(Database database) {
        return database.incidentStore();
    }
}
