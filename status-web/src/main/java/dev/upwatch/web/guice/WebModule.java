package dev.upwatch.web.guice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.upwatch.web.WebServer;
import dev.upwatch.web.admin.AdminIncidentResource;
import dev.upwatch.web.admin.AdminMonitorResource;
import dev.upwatch.web.admin.AdminReloadResource;
import dev.upwatch.web.api.NotificationResource;
import dev.upwatch.web.api.ReadinessResource;
import dev.upwatch.web.metrics.MetricsResource;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.web.api.CorsFilter;
import dev.upwatch.web.auth.AccessFilter;
import dev.upwatch.web.auth.SecurityHeaders;
import dev.upwatch.web.api.EventsResource;
import dev.upwatch.web.api.IncidentResource;
import dev.upwatch.web.api.LiveEvents;
import dev.upwatch.web.api.OpenApiResource;
import dev.upwatch.web.api.ProblemMapper;
import dev.upwatch.web.api.PushResource;
import dev.upwatch.web.api.StatusResource;
import dev.upwatch.web.api.StatusSummary;
import dev.upwatch.web.api.SummaryFilter;
import dev.upwatch.web.badge.BadgeResource;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.ServerConfig;
import dev.upwatch.web.page.AssetCatalog;
import dev.upwatch.web.page.BarIncidents;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.web.page.FreemarkerWriter;
import dev.upwatch.web.page.PageResource;
import dev.upwatch.web.page.LivePages;
import dev.upwatch.web.page.LiveSignal;
import dev.upwatch.web.page.LiveSnapshots;
import dev.upwatch.web.page.LiveStream;
import dev.upwatch.core.port.GroupCatalog;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.rule.MaintenanceCalendar;
import jakarta.ws.rs.ext.ContextResolver;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;

/**
 * The HTTP side: Jersey resources and providers built by Guice and handed to Jersey as instances, served by
 * Jetty.
 */
public final class WebModule extends AbstractModule {
    /**
     * Jersey warns that a resource registered as an instance "does not implement any provider interfaces" and
     * "will be ignored" as a provider, which is true and harmless: it is served as a resource. Held statically
     * because java.util.logging keeps loggers only weakly.
     */
    private static final java.util.logging.Logger JERSEY_PROVIDERS =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    static {
        JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
    }

    @Override
    protected void configure() {
        bind(AssetCatalog.class).in(Singleton.class);
        bind(LiveEvents.class).in(Singleton.class);
        bind(StatusSummary.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), Notifier.class).addBinding().to(LiveEvents.class);
        bind(LiveSignal.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), Notifier.class).addBinding().to(LiveSignal.class);
        Multibinder.newSetBinder(binder(), IncidentListener.class).addBinding().to(LiveSignal.class);
    }

    /** The one versioned snapshot every page, fresh or open, is rendered from. */
    @Provides
    @Singleton
    LiveSnapshots liveSnapshots(StatusQuery status, IncidentQuery incidents, MaintenanceQuery maintenance,
                                BarIncidents bars, GroupCatalog groups, LiveSignal signal, java.time.Clock clock) {
        return new LiveSnapshots(status, incidents, maintenance, bars, groups, signal, clock);
    }

    /** The pages rendered once per version, for requests and open pages alike. */
    @Provides
    @Singleton
    LivePages livePages(StatusQuery status, IncidentQuery incidents, PageConfig page, AssetCatalog assets) {
        return new LivePages(status, incidents, page, new FreemarkerWriter(assets));
    }

    @Provides
    @Singleton
    LiveStream liveStream(LiveSnapshots snapshots, LivePages pages, ObjectMapper json) {
        return new LiveStream(snapshots, pages, json);
    }

    @Provides
    @Singleton
    ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Incident titles per bar day, read at most every 30 s: one table for the page and the API. */
    @Provides
    @Singleton
    BarIncidents barIncidents(IncidentQuery incidents, java.time.Clock clock, LiveSignal signal) {
        return new BarIncidents(incidents, clock, signal);
    }

    @Provides
    @Singleton
    CorsFilter cors(PageConfig page) {
        return new CorsFilter(page.corsOrigins());
    }

    @Provides
    @Singleton
    ResourceConfig application(Injector injector, ObjectMapper json, AssetCatalog assets, CorsFilter cors) {
        ResourceConfig application = new ResourceConfig();
        application.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        application.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        application.register(JacksonFeature.withoutExceptionMappers());
        application.register(new JsonMapperResolver(json));
        application.register(new ProblemMapper());
        application.register(new FreemarkerWriter(assets));
        application.register(injector.getInstance(StatusResource.class));
        application.register(injector.getInstance(NotificationResource.class));
        application.register(injector.getInstance(ReadinessResource.class));
        application.register(injector.getInstance(MetricsResource.class));
        application.register(injector.getInstance(PageResource.class));
        application.register(injector.getInstance(EventsResource.class));
        application.register(new EventsShutdown(injector.getInstance(LiveEvents.class), injector.getInstance(LiveStream.class)));
        application.register(injector.getInstance(BadgeResource.class));
        application.register(new OpenApiResource());
        application.register(injector.getInstance(IncidentResource.class));
        application.register(injector.getInstance(AdminMonitorResource.class));
        application.register(injector.getInstance(AdminIncidentResource.class));
        application.register(injector.getInstance(dev.upwatch.web.admin.AdminMaintenanceResource.class));
        application.register(injector.getInstance(dev.upwatch.web.admin.AdminChannelResource.class));
        application.register(injector.getInstance(dev.upwatch.web.admin.AdminGroupResource.class));
        application.register(injector.getInstance(AdminReloadResource.class));
        application.register(injector.getInstance(PushResource.class));
        application.register(injector.getInstance(dev.upwatch.web.report.ReportApiResource.class));
        application.register(injector.getInstance(dev.upwatch.web.report.ReportPageResource.class));
        application.register(injector.getInstance(dev.upwatch.web.export.ExportResource.class));
        application.register(injector.getInstance(dev.upwatch.web.export.OperatorExportResource.class));
        application.register(injector.getInstance(dev.upwatch.web.feed.FeedResource.class));
        application.register(injector.getInstance(dev.upwatch.web.console.ConsoleResource.class));
        if (injector.getInstance(dev.upwatch.web.config.UpwatchConfig.class).source().equals(dev.upwatch.web.Main.DEMO_SOURCE)) {
            application.register(new dev.upwatch.web.demo.DemoShopResource(injector.getInstance(java.time.Clock.class)));
        }
        application.register(cors);
        return application;
    }

    /** Hands Jersey's Jackson support our configured mapper (ISO-8601 instants, Optional). */
    @jakarta.ws.rs.ext.Provider
    static final class JsonMapperResolver implements ContextResolver<ObjectMapper> {
        private final ObjectMapper json;

        JsonMapperResolver(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public ObjectMapper getContext(Class<?> type) {
            return json;
        }
    }

    /** Closes the open event streams when Jersey stops, so that stopping the server never waits for them. */
    static final class EventsShutdown implements ContainerLifecycleListener {
        private final LiveEvents events;
        private final LiveStream pages;

        EventsShutdown(LiveEvents events, LiveStream pages) {
            this.events = events;
            this.pages = pages;
        }

        @Override
        public void onStartup(Container container) {
        }

        @Override
        public void onReload(Container container) {
        }

        @Override
        public void onShutdown(Container container) {
            events.close();
            pages.close();
        }
    }

    @Provides
    @Singleton
    WebServer server(ServerConfig config, ResourceConfig application, SecurityHeaders headers, AccessFilter access,
                     StatusSummary summary, CorsFilter cors, LiveStream live, dev.upwatch.web.auth.ConsoleGate console) {
        return new WebServer(config, application, headers, access, console, new SummaryFilter(summary, cors), live);
    }
}
