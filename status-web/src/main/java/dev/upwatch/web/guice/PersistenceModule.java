package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.account.AccountStore;
import dev.upwatch.core.account.AuditLog;
import dev.upwatch.core.account.SessionStore;
import dev.upwatch.core.port.ApiTokenStore;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.core.port.MonitorDefinitionStore;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.TransitionStore;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.web.config.StorageConfig;
import dev.upwatch.web.config.UpwatchConfig;

import java.time.Clock;

/** Storage: PostgreSQL when a JDBC URL is configured, else the embedded H2 file database. */
public final class PersistenceModule extends AbstractModule {

    /** The open database, its raw-sample retention (and PostgreSQL partition upkeep) running until it is closed. */
    @Provides
    @Singleton
    Database database(StorageConfig storage, Clock clock) {
        Database database = Database.open(settings(storage));
        database.sampleMaintenance(storage.rawRetention(), clock).start();
        return database;
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
    MonitorDefinitionStore monitorDefinitionStore(Database database) {
        return database.monitorDefinitionStore();
    }

    @Provides
    @Singleton
    dev.upwatch.core.port.MonitorGroupStore monitorGroupStore(Database database) {
        return database.monitorGroupStore();
    }

    @Provides
    @Singleton
    dev.upwatch.core.port.MaintenanceDefinitionStore maintenanceDefinitionStore(Database database) {
        return database.maintenanceDefinitionStore();
    }

    @Provides
    @Singleton
    dev.upwatch.core.port.ChannelDefinitionStore channelDefinitionStore(Database database) {
        return database.channelDefinitionStore();
    }

    @Provides
    @Singleton
    TransitionStore transitionStore(Database database) {
        return database.transitionStore();
    }

    /** The outbox: shared by the nodes of a cluster (any node delivers), else this process's own. */
    @Provides
    @Singleton
    OutboxStore outboxStore(Database database, UpwatchConfig config) {
        return config.cluster().map(cluster -> database.sharedOutboxStore(cluster.nodeId().value())
                        .orElseThrow(() -> new IllegalStateException(
                                "cluster: needs PostgreSQL storage; the embedded H2 store is single-node")))
                .orElseGet(database::outboxStore);
    }

    @Provides
    @Singleton
    ApiTokenStore apiTokenStore(Database database) {
        return database.apiTokenStore();
    }

    @Provides
    @Singleton
    dev.upwatch.core.port.PageSettingStore pageSettingStore(Database database) {
        return database.pageSettingStore();
    }

    @Provides
    @Singleton
    AccountStore accountStore(Database database) {
        return database.accountStore();
    }

    @Provides
    @Singleton
    SessionStore sessionStore(Database database) {
        return database.sessionStore();
    }

    @Provides
    @Singleton
    AuditLog auditLog(Database database) {
        return database.auditLog();
    }
}
