package dev.upwatch.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.upwatch.core.port.ApiTokenStore;
import dev.upwatch.core.port.PageSettingStore;
import dev.upwatch.core.port.ClusterStore;
import dev.upwatch.core.port.CommittedStatusFeed;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.core.port.MonitorDefinitionStore;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.core.port.PushExchange;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.TransitionStore;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An open, migrated database: a connection pool and the stores built on it; close it to release the pool. */
public final class Database implements AutoCloseable {
    /** How long {@link #isReachable()} waits for a connection and for the server's answer, in seconds. */
    private static final int REACHABLE_TIMEOUT_SECONDS = 3;
    /** How long a caller waits for a free connection before an operation fails, in milliseconds. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final Optional<SampleJournal> journal;
    /** Keeps the sample writer's checkpoints out of the rollup flush (H2). */
    private final EmbeddedWrites writes;
    private final JooqSampleStore sampleStore;
    private final JooqIncidentStore incidentStore;
    private final JooqOutboxStore outboxStore;
    private final JooqTransitionStore transitionStore;
    private final JooqMonitorDefinitionStore monitorDefinitionStore;
    private final JooqMaintenanceDefinitionStore maintenanceDefinitionStore;
    private final JooqChannelDefinitionStore channelDefinitionStore;
    private final JooqMonitorGroupStore monitorGroupStore;
    private final JooqApiTokenStore apiTokenStore;
    private final JooqPageSettingStore pageSettingStore;
    private final JooqAccountStore accountStore;
    private final JooqSessionStore sessionStore;
    private final JooqAuditLog auditLog;
    private final JooqRollupStore rollupStore;
    private final JooqSubscriptionStore subscriptionStore;
    private final int migrationsApplied;
    /** Set by {@link #open} once, before the database is handed out. */
    private String openTime = "";
    private final DSLContext dsl;
    private final Vendor vendor;
    private final List<SampleMaintenance> maintenances = new CopyOnWriteArrayList<>();

    private Database(DatabaseSettings settings, HikariDataSource dataSource, DSLContext dsl, Vendor vendor,
                     int migrationsApplied, Clock clock) {
        this.settings = settings;
        this.migrationsApplied = migrationsApplied;
        this.dataSource = dataSource;
        this.dsl = dsl;
        this.vendor = vendor;
        // H2 writes each batch as one journal row; PostgreSQL one row per sample by COPY (docs/storage.md).
        this.journal = vendor == Vendor.H2 ? Optional.of(new SampleJournal(dsl, clock)) : Optional.empty();
        this.writes = EmbeddedWrites.of(vendor);
        this.sampleStore = new JooqSampleStore(dsl, vendor,
                vendor == Vendor.POSTGRESQL ? SampleWriteMethod.COPY : SampleWriteMethod.JOURNAL, journal, writes);
        this.incidentStore = new JooqIncidentStore(dsl);
        this.outboxStore = new JooqOutboxStore(dsl, vendor);
        this.transitionStore = new JooqTransitionStore(dsl, vendor);
        this.monitorDefinitionStore = new JooqMonitorDefinitionStore(dsl);
        this.maintenanceDefinitionStore = new JooqMaintenanceDefinitionStore(dsl);
        this.channelDefinitionStore = new JooqChannelDefinitionStore(dsl);
        this.monitorGroupStore = new JooqMonitorGroupStore(dsl);
        this.apiTokenStore = new JooqApiTokenStore(dsl);
        this.pageSettingStore = new JooqPageSettingStore(dsl, vendor == Vendor.POSTGRESQL);
        this.accountStore = new JooqAccountStore(dsl);
        this.sessionStore = new JooqSessionStore(dsl);
        this.auditLog = new JooqAuditLog(dsl);
        this.rollupStore = new JooqRollupStore(dsl, vendor, writes);
        this.subscriptionStore = new JooqSubscriptionStore(dsl);
    }

    /**
     * Connects, applies the pending schema migrations and returns the open database.
     *
     * @throws IllegalStateException when the database cannot be reached or a migration fails; nothing is left open
     */
    public static Database open(DatabaseSettings settings) {
        return open(settings, Clock.systemUTC());
    }

    /** {@link #open(DatabaseSettings)} with the clock that tells H2's sample journal which hours have closed (tests). */
    static Database open(DatabaseSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Vendor vendor = settings.vendor();
        HikariDataSource dataSource;
        long began = System.nanoTime();
        try {
            dataSource = new HikariDataSource(poolConfig(settings, vendor));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the database " + settings + ": " + e.getMessage(), e);
        }
        try {
            long connected = System.nanoTime();
            int applied = Migrations.migrate(dataSource, vendor);
            Database database = new Database(settings, dataSource, DSL.using(dataSource, vendor.dialect()), vendor, applied,
                    clock);
            // What a stopped run left in the journal (nothing after a clean stop; after a crash at most the current
            // hour and the grace before it) is read from the journal and folded by the writer and by maintenance, off
            // the start path: folding it here cost a restart ~2.9 s after 50 minutes of data (docs/benchmarks.md).
            database.openTime = "pool " + (connected - began) / 1_000_000 + " ms, migrations "
                    + (System.nanoTime() - connected) / 1_000_000 + " ms";
            return database;
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("cannot migrate the database " + settings + ": " + e.getMessage(), e);
        } catch (Error e) {
            dataSource.close();
            throw e;
        }
    }

    /** How long {@link #open} took to connect and to migrate, e.g. {@code pool 120 ms, migrations 340 ms}; for the start-up log. */
    public String openTime() {
        return openTime;
    }

    /** How many schema migrations {@link #open} applied (0 when the schema was already current). */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** The jOOQ context on the pool, for tests that build a store of their own. */
    DSLContext dsl() {
        return dsl;
    }

    /** The sample journal batches are written to (H2), for tests that fold it. */
    Optional<SampleJournal> sampleJournal() {
        return journal;
    }

    /** The samples kept in this database. */
    public SampleStore sampleStore() {
        return sampleStore;
    }

    /**
     * A sample store on this database that writes with {@code method} (the ingest benchmark compares them);
     * {@link SampleWriteMethod#COPY} needs PostgreSQL.
     */
    public SampleStore sampleStore(SampleWriteMethod method) {
        if (method == SampleWriteMethod.COPY && vendor != Vendor.POSTGRESQL) {
            throw new IllegalArgumentException("COPY needs PostgreSQL, not " + vendor);
        }
        if (method == SampleWriteMethod.JOURNAL && vendor != Vendor.H2) {
            throw new IllegalArgumentException("the sample journal is H2's, not " + vendor + "'s");
        }
        return new JooqSampleStore(dsl, vendor, method, journal, writes);
    }

    /**
     * The raw-sample retention (and, on PostgreSQL, partition upkeep) for this database, not yet started; closing
     * the database stops it.
     *
     * @param retention how long raw samples are kept, at least 1 hour ({@code storage.raw-retention})
     */
    public SampleMaintenance sampleMaintenance(Duration retention, Clock clock) {
        return sampleMaintenance(retention, clock, SampleCompaction.Checkpoint.NONE);
    }

    /** The same, calling {@code checkpoint} inside each packing transaction (tests stop packing there). */
    SampleMaintenance sampleMaintenance(Duration retention, Clock clock, SampleCompaction.Checkpoint checkpoint) {
        SampleMaintenance maintenance = new SampleMaintenance(dsl, vendor, retention, clock, checkpoint, journal);
        maintenances.add(maintenance);
        return maintenance;
    }

    /** The minute, hour and day rollups (uptime history) kept in this database. */
    public RollupStore rollupStore() {
        return rollupStore;
    }

    /** The incidents kept in this database. */
    public IncidentStore incidentStore() {
        return incidentStore;
    }

    /**
     * Where each status change is committed with its incident change and outbox messages, in one transaction; and the
     * committed statuses a restart restores.
     */
    public TransitionStore transitionStore() {
        return transitionStore;
    }

    /** The notification outbox and delivery log kept in this database. */
    public OutboxStore outboxStore() {
        return outboxStore;
    }

    /**
     * The outbox shared by the nodes of a cluster, node {@code node} claiming in it under its id (see
     * {@link OutboxStore#shared()}), on PostgreSQL only: empty on H2.
     */
    public Optional<OutboxStore> sharedOutboxStore(String node) {
        return vendor == Vendor.POSTGRESQL ? Optional.of(new JooqOutboxStore(dsl, settings, node)) : Optional.empty();
    }

    /** Monitors created through the admin API. */
    public MonitorDefinitionStore monitorDefinitionStore() {
        return monitorDefinitionStore;
    }

    /** Maintenance windows created through the admin API. */
    public dev.upwatch.core.port.MaintenanceDefinitionStore maintenanceDefinitionStore() {
        return maintenanceDefinitionStore;
    }

    /** Notification channels created through the admin API. */
    public dev.upwatch.core.port.ChannelDefinitionStore channelDefinitionStore() {
        return channelDefinitionStore;
    }

    /** Display groups created through the admin API. */
    public dev.upwatch.core.port.MonitorGroupStore monitorGroupStore() {
        return monitorGroupStore;
    }

    /** The API tokens (their digests) kept in this database. */
    public ApiTokenStore apiTokenStore() {
        return apiTokenStore;
    }

    /** The status page settings changed in the console. */
    public PageSettingStore pageSettingStore() {
        return pageSettingStore;
    }

    /** The remote agents: their locations and how far their results were taken in. */
    public dev.upwatch.core.port.AgentStore agentStore() {
        return new JooqAgentStore(dsl);
    }

    /** The console accounts (a password change also ends the account's sessions). */
    public dev.upwatch.core.account.AccountStore accountStore() {
        return accountStore;
    }

    /** The console sessions (digests of their secrets). */
    public dev.upwatch.core.account.SessionStore sessionStore() {
        return sessionStore;
    }

    /** The audit log of changes. */
    public dev.upwatch.core.account.AuditLog auditLog() {
        return auditLog;
    }

    /**
     * The cluster's node registry and shard leases, on PostgreSQL only (the embedded H2 store is single-node): empty on
     * H2.
     */
    public Optional<ClusterStore> clusterStore() {
        return vendor == Vendor.POSTGRESQL ? Optional.of(new JooqClusterStore(dsl)) : Optional.empty();
    }

    /**
     * The statuses every node commits, as they commit them (LISTEN/NOTIFY on a connection of the feed's own), on
     * PostgreSQL only: empty on H2.
     */
    public Optional<CommittedStatusFeed> statusFeed() {
        return vendor == Vendor.POSTGRESQL ? Optional.of(new PostgresStatusFeed(settings)) : Optional.empty();
    }

    /**
     * The pushes of push monitors shared by the nodes of a cluster (a row per monitor and LISTEN/NOTIFY), on
     * PostgreSQL only: empty on H2.
     */
    public Optional<PushExchange> pushExchange() {
        return vendor == Vendor.POSTGRESQL ? Optional.of(new PostgresPushExchange(dsl, settings)) : Optional.empty();
    }

    /**
     * Tells of page settings stored by any node of a cluster (LISTEN/NOTIFY on a connection of the feed's own), on
     * PostgreSQL only: empty on H2.
     */
    public Optional<dev.upwatch.core.port.PageSettingFeed> pageSettingFeed() {
        return vendor == Vendor.POSTGRESQL ? Optional.of(new PostgresPageSettingFeed(settings)) : Optional.empty();
    }

    /** Readers' confirmed subscriptions (email and webhook). */
    public dev.upwatch.core.port.SubscriptionStore subscriptionStore() {
        return subscriptionStore;
    }

    /** True when a connection can be had and the server answers, within a few seconds; false once closed. */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(REACHABLE_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Closes every pooled connection; an embedded H2 database is then closed too. Idempotent. */
    @Override
    public void close() {
        maintenances.forEach(SampleMaintenance::close);
        try {
            journal.ifPresent(SampleJournal::fold); // so that the next open has nothing to fold
        } catch (RuntimeException e) {
            System.getLogger(Database.class.getName()).log(System.Logger.Level.WARNING,
                    "could not fold the sample journal at close; the next start does: " + e);
        }
        dataSource.close();
    }

    @Override
    public String toString() {
        return "Database[" + settings + "]";
    }

    private static HikariConfig poolConfig(DatabaseSettings settings, Vendor vendor) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("upwatch-" + vendor.migrationFolder());
        config.setJdbcUrl(settings.jdbcUrl());
        if (!settings.username().isEmpty()) {
            config.setUsername(settings.username());
        }
        settings.password().ifPresent(config::setPassword);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(REACHABLE_TIMEOUT_SECONDS * 1000L);
        if (vendor == Vendor.POSTGRESQL) {
            // Lets pgjdbc send a JDBC batch as multi-row INSERTs: several times fewer round trips per append.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.addDataSourceProperty("ApplicationName", "upwatch");
        } else {
            // One process owns the file; a handful of connections serve the scheduler flushes and page reads.
            config.setMaximumPoolSize(4);
        }
        return config;
    }
}
