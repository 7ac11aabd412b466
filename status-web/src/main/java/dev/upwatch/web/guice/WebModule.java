package dev.upwatch.web.guice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Provides;
import dev.upwatch.web.render.Renderer;
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
import dev.upwatch.core.port.ReaderTexts;
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
import dev.upwatch.web.api.StatusSummaries;
import dev.upwatch.web.api.SummaryFilter;
import dev.upwatch.web.badge.BadgeResource;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.ServerConfig;
import dev.upwatch.web.page.AssetCatalog;
import dev.upwatch.web.page.BarIncidents;
import dev.upwatch.web.page.FreemarkerWriter;
import dev.upwatch.web.page.PageResource;
import dev.upwatch.web.page.LiveSignal;
import dev.upwatch.web.page.LiveSites;
import dev.upwatch.web.page.LiveStream;
import dev.upwatch.web.page.PageStyles;
import dev.upwatch.web.reader.PageRouter;
import dev.upwatch.web.reader.ReaderScopes;
import dev.upwatch.web.reader.StatusPages;
import dev.upwatch.core.service.PublicIncidentQuery;
import dev.upwatch.core.port.GroupCatalog;
import dev.upwatch.core.port.IncidentListener;
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

    /**
     * Jersey warns on every console form post that "the request body has been consumed by the servlet or a servlet
     * filter accessing the request parameters": true and intended, since the console gate reads the CSRF field and
     * the console resources read the servlet's parameters, not Jersey's {@code @FormParam}.
     */
    private static final java.util.logging.Logger JERSEY_FORM_BODY =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.servlet.WebComponent");

    static {
        JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
        JERSEY_FORM_BODY.setLevel(java.util.logging.Level.SEVERE);
    }

    @Override
    protected void configure() {
        bind(LiveEvents.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), Notifier.class).addBinding().to(LiveEvents.class);
        bind(LiveSignal.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), Notifier.class).addBinding().to(LiveSignal.class);
        Multibinder.newSetBinder(binder(), IncidentListener.class).addBinding().to(LiveSignal.class);
    }

    /**
     * The static files, with a stylesheet per language (the texts CSS shows) and one per page with an accent colour.
     */
    /** The pages' texts in every language, for texts written outside the pages' templates (e.g. emails). */
    @Provides
    @Singleton
    ReaderTexts readerTexts() {
        return dev.upwatch.web.i18n.Languages.texts();
    }

    @Provides
    @Singleton
    AssetCatalog assets(StatusPages pages) {
        return new AssetCatalog(PageStyles.of(pages));
    }

    /**
     * Each page's versioned snapshot, which every render of it, fresh or open, is made from, and its renders per
     * language: once per version, for requests and open pages alike.
     */
    @Provides
    @Singleton
    LiveSites liveSites(BarIncidents bars, GroupCatalog groups, LiveSignal signal, java.time.Clock clock,
                        FreemarkerWriter templates, Renderer renderer) {
        return new LiveSites(bars, groups, signal, clock, templates, renderer);
    }

    /**
     * Where the home pages and the summary documents are rendered: off the request path, on two threads at most (the
     * cores of a small host), each page or document one render at a time.
     */
    @Provides
    @Singleton
    Renderer renderer() {
        return Renderer.threads(2);
    }

    /** The one template renderer of every page, fresh or live; pages link the subscription form when readers may subscribe. */
    @Provides
    @Singleton
    FreemarkerWriter templates(AssetCatalog assets, dev.upwatch.web.config.UpwatchConfig config) {
        return new FreemarkerWriter(assets, config.subscriptions().isPresent());
    }

    @Provides
    @Singleton
    LiveStream liveStream(ReaderScopes scopes, LiveSites sites, ObjectMapper json) {
        return new LiveStream(scopes, sites, json);
    }

    /** Each page's summary document ({@code /api/v1/status}). */
    @Provides
    @Singleton
    StatusSummaries summaries(java.time.Clock clock, ObjectMapper json, BarIncidents bars, Renderer renderer) {
        return new StatusSummaries(clock, json, bars, renderer);
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
    BarIncidents barIncidents(PublicIncidentQuery incidents, java.time.Clock clock, LiveSignal signal) {
        return new BarIncidents(incidents, clock, signal);
    }

    @Provides
    @Singleton
    CorsFilter cors(PageConfig page) {
        return new CorsFilter(page.corsOrigins());
    }

    @Provides
    @Singleton
    ResourceConfig application(Injector injector, ObjectMapper json, FreemarkerWriter templates, CorsFilter cors) {
        ResourceConfig application = new ResourceConfig();
        application.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        application.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        application.register(JacksonFeature.withoutExceptionMappers());
        application.register(new JsonMapperResolver(json));
        application.register(new ProblemMapper());
        application.register(templates);
        application.register(injector.getInstance(StatusResource.class));
        application.register(injector.getInstance(NotificationResource.class));
        application.register(injector.getInstance(ReadinessResource.class));
        application.register(injector.getInstance(dev.upwatch.web.cluster.ClusterResource.class));
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
        application.register(injector.getInstance(dev.upwatch.web.admin.AdminChannelResource.Channels.class));
        application.register(injector.getInstance(dev.upwatch.web.admin.AdminGroupResource.class));
        application.register(injector.getInstance(AdminReloadResource.class));
        application.register(injector.getInstance(PushResource.class));
        application.register(injector.getInstance(dev.upwatch.web.agent.AgentResource.class));
        application.register(injector.getInstance(dev.upwatch.web.agent.AgentsResource.class));
        application.register(injector.getInstance(dev.upwatch.web.report.ReportApiResource.class));
        application.register(injector.getInstance(dev.upwatch.web.report.ReportPageResource.class));
        application.register(injector.getInstance(dev.upwatch.web.export.ExportResource.class));
        application.register(injector.getInstance(dev.upwatch.web.export.OperatorExportResource.class));
        application.register(injector.getInstance(dev.upwatch.web.feed.FeedResource.class));
        application.register(injector.getInstance(dev.upwatch.web.console.ConsoleResource.class));
        application.register(injector.getInstance(dev.upwatch.web.console.ConsoleAdminResource.class));
        application.register(injector.getInstance(dev.upwatch.web.console.ConsoleMonitorResource.class));
        application.register(injector.getInstance(dev.upwatch.web.console.ConsoleGroupResource.class));
        application.register(injector.getInstance(dev.upwatch.web.console.ConsolePageResource.class));
        application.register(injector.getInstance(dev.upwatch.web.console.ConsoleIncidentResource.class));
        application.register(injector.getInstance(dev.upwatch.web.console.ConsoleChannelResource.class));
        application.register(injector.getInstance(dev.upwatch.web.console.ConsoleMaintenanceResource.class));
        application.register(injector.getInstance(dev.upwatch.web.subscription.SubscriptionResource.class));
        application.register(injector.getInstance(dev.upwatch.web.subscription.SubscribePageResource.class));
        application.register(injector.getInstance(dev.upwatch.web.subscription.AdminSubscriptionResource.class));
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
                     StatusPages pages, ReaderScopes scopes, StatusSummaries summaries, CorsFilter cors,
                     LiveStream live, LiveSites sites, dev.upwatch.web.auth.ConsoleGate console,
                     dev.upwatch.web.console.ConsoleLiveRoute consoleLive) {
        // The console's live stream right after its guard: only a signed-in user's request reaches it.
        return new WebServer(config, application, headers, new PageRouter(pages), access, console, consoleLive,
                new SummaryFilter(scopes, summaries, cors), new dev.upwatch.web.page.HomeFilter(scopes, sites), live);
    }
}
