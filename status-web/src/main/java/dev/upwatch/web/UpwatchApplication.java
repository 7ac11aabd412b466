package dev.upwatch.web;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.service.ApiTokens;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.web.admin.AdminModule;
import dev.upwatch.core.definition.FileReload;
import dev.upwatch.core.definition.ReloadResult;
import dev.upwatch.web.auth.AuthModule;
import dev.upwatch.web.account.AccountModule;
import dev.upwatch.web.config.StorageConfig;
import dev.upwatch.web.control.ControlChannel;
import dev.upwatch.web.control.ControlFile;
import dev.upwatch.core.account.Accounts;
import dev.upwatch.core.account.AuditLog;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.cluster.ClusterMembership;
import dev.upwatch.web.guice.CalendarModule;
import dev.upwatch.web.guice.ClusterModule;
import dev.upwatch.web.guice.ConfigModule;
import dev.upwatch.web.guice.CoreModule;
import dev.upwatch.web.guice.MetricsModule;
import dev.upwatch.web.guice.NotifyModule;
import dev.upwatch.web.guice.PersistenceModule;
import dev.upwatch.web.guice.WebModule;
import dev.upwatch.notify.WebhookNotifier;
import dev.upwatch.web.page.LiveSites;
import dev.upwatch.web.reader.ReaderScopes;
import dev.upwatch.persistence.Database;
import dev.upwatch.web.subscription.SubscriptionOffer;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** A running Upwatch: every module assembled by Guice, started and stopped in dependency order. */
public final class UpwatchApplication implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UpwatchApplication.class.getName());

    private final UpwatchEngine engine;
    private final WebServer server;
    private final Database storage;
    private final WebhookNotifier notifications;
    private final IncidentService incidents;
    private final FileReload reload;
    private final ApiTokens tokens;
    private final ClusterMembership cluster;
    private final SubscriptionOffer subscriptions;
    private final StorageConfig storageConfig;
    private final Accounts accounts;
    private final AuditLog audit;
    private final LiveSites sites;
    private final ReaderScopes scopes;
    /** The start's phases and their times, as logged. */
    private volatile String startSummary = "";
    /** The command line's door while this server holds the embedded database; null on PostgreSQL. */
    private volatile ControlChannel control;

    @Inject
    UpwatchApplication(UpwatchEngine engine, WebServer server, Database storage, WebhookNotifier notifications,
                       IncidentService incidents, FileReload reload,
                       ApiTokens tokens, ClusterMembership cluster, SubscriptionOffer subscriptions,
                       StorageConfig storageConfig, Accounts accounts, AuditLog audit, LiveSites sites,
                       ReaderScopes scopes) {
        this.sites = Objects.requireNonNull(sites, "sites");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.storageConfig = Objects.requireNonNull(storageConfig, "storageConfig");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.reload = Objects.requireNonNull(reload, "reload");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.server = Objects.requireNonNull(server, "server");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
    }

    /** The Guice modules of a full instance. */
    public static List<Module> modules(UpwatchConfig config, Clock clock, EngineSettings settings) {
        return List.of(new ConfigModule(config, clock), new CoreModule(settings), new PersistenceModule(),
                new NotifyModule(), new MetricsModule(), new WebModule(), new AdminModule(), new AuthModule(),
                new CalendarModule(), new dev.upwatch.web.report.ReportModule(),
                new dev.upwatch.web.export.ExportModule(), new ClusterModule(), new dev.upwatch.web.agent.AgentModule(),
                new dev.upwatch.web.subscription.SubscriptionModule(config.subscriptions()), new AccountModule());
    }

    /** Builds and starts an instance. */
    public static UpwatchApplication start(UpwatchConfig config, Clock clock, EngineSettings settings) throws Exception {
        return start(modules(config, clock, settings));
    }

    /** Builds and starts an instance from these modules (the full set, possibly with test or benchmark overrides). */
    public static UpwatchApplication start(List<Module> modules) throws Exception {
        StartupTimeline timeline = new StartupTimeline();
        Injector injector = Guice.createInjector(Stage.PRODUCTION, modules);
        UpwatchApplication application = injector.getInstance(UpwatchApplication.class);
        timeline.mark("modules (database " + application.storage.openTime() + ")");
        // Jersey's resource model is built (the web server's handlers start) on its own thread while this one restores
        // the stored statuses; the listener opens only after them (WebServer.start(listen)).
        CompletableFuture<Void> listen = new CompletableFuture<>();
        FutureTask<Void> serverStart = new FutureTask<>(() -> {
            application.server.start(listen); // before the checks: monitors of Upwatch's own endpoints must find it serving
            return null;
        });
        Thread.ofPlatform().name("upwatch-web-start").start(serverStart);
        try {
            FirstPage firstPage;
            try {
                // Before the listener: the first page and /readyz show the stored statuses of every monitor, never none.
                application.engine.restore();
                timeline.mark("stored statuses", "the web server's handlers starting beside them");
                // The first page is rendered beside the rest of the start, not by the first request after it; a
                // request that comes first waits for this render.
                firstPage = new FirstPage(() -> application.sites.renderHome(application.scopes.pages().defaultPage()));
                if (application.storageConfig.jdbcUrl().isEmpty()) {
                    // As soon as the database is held: a command run while the rest starts is handed over, not refused.
                    application.control = ControlChannel.open(ControlFile.in(application.storageConfig.dataDirectory()),
                            StoreCommands.inServer(new StoreCommands.Stores(application.tokens,
                                    application.storage.agentStore(), application.accounts)));
                }
                listen.complete(null);
            } catch (Exception | Error e) {
                listen.completeExceptionally(e); // nothing listens; the server's start ends before it is closed
                awaitStart(serverStart);
                throw e;
            }
            rethrow(awaitStart(serverStart));
            timeline.mark("web server");
            application.cluster.start(); // a node takes its share before its first checks are planned
            application.engine.start();
            timeline.mark("checks planned");
            application.cluster.follow(application.engine::adopt); // changes the other nodes decide
            application.cluster.sharePushes(application.engine.pushes()); // a push sent to any node reaches the checker
            application.incidents.reconcile(application.engine.statusQuery());
            timeline.mark("incidents reconciled");
            long rendered = firstPage.await();
            timeline.mark("first page", "rendered in " + rendered + " ms beside the web server and the checks' planning");
        } catch (Exception | Error e) {
            application.close();
            throw e;
        }
        application.startSummary = timeline.summary();
        LOG.log(System.Logger.Level.INFO, "started in " + application.startSummary);
        return application;
    }

    /** Waits for the web server's start; what it threw, if anything. */
    private static Throwable awaitStart(FutureTask<Void> start) throws InterruptedException {
        try {
            start.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static void rethrow(Throwable failure) throws Exception {
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** The home page's render on its own thread, started at once; {@link #await} gives its time in ms. */
    private static final class FirstPage {
        private final Thread thread;
        private volatile long millis;

        FirstPage(Runnable render) {
            thread = Thread.ofPlatform().name("upwatch-first-page").daemon().start(() -> {
                long began = System.nanoTime();
                try {
                    render.run();
                } catch (RuntimeException e) { // the first request renders it then, and meets the same error
                    LOG.log(System.Logger.Level.WARNING, "rendering the first page at start failed: " + e);
                }
                millis = (System.nanoTime() - began) / 1_000_000;
            });
        }

        long await() throws InterruptedException {
            thread.join();
            return millis;
        }
    }

    /** How long each phase of the start took, as the start's log line gives it. */
    public String startSummary() {
        return startSummary;
    }

    /** Where the server listens. */
    public URI baseUri() {
        return server.baseUri();
    }

    /** The engine, for its counters. */
    public UpwatchEngine engine() {
        return engine;
    }

    /** The incidents, automatic and configured. */
    public IncidentQuery incidents() {
        return incidents;
    }

    /**
     * Re-reads the configuration file and applies its monitors, then its notification channels (those of the admin
     * API stay), as {@code POST /api/v1/admin/reload} does.
     *
     * @throws dev.upwatch.web.config.ConfigException when the file is invalid (nothing changes)
     */
    public ReloadResult reload() {
        return reload.reload();
    }

    /** The API tokens this instance accepts (stored and configured). */
    public ApiTokens tokens() {
        return tokens;
    }

    /** The audit log. */
    public AuditLog auditTrail() {
        return audit;
    }

    /** The console accounts. */
    public Accounts accounts() {
        return accounts;
    }

    /** Stops serving, finishes checks in flight, writes buffered samples, delivers queued notifications. */
    @Override
    public void close() {
        ControlChannel channel = control;
        if (channel != null) {
            channel.close(); // first: a command arriving now would find the stores closing
        }
        try {
            server.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the web server failed: " + e);
        }
        engine.close();
        cluster.close(); // after the last check: the other nodes take over at once
        notifications.close();
        subscriptions.close();
        storage.close();
    }
}
