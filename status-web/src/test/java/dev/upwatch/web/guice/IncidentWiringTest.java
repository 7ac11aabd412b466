package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.notify.WebhookNotifier;
import dev.upwatch.persistence.Database;
import dev.upwatch.web.UpwatchApplication;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incident wiring of the real modules: one {@code IncidentService} is the engine's notifier, answers the
 * {@code IncidentQuery} (through the private-monitor filter), stores through the database, and tells every {@code IncidentListener} another module adds
 * to the set (as status-notify does).
 */
class IncidentWiringTest {
    @TempDir
    Path data;

    private Injector injector;

    @AfterEach
    void close() {
        if (injector != null) {
            injector.getInstance(WebhookNotifier.class).close();
            injector.getInstance(Database.class).close();
        }
    }

    @Test
    void oneServiceIsNotifierQueryAndStoreUserAndTellsContributedListeners() {
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of()).parse("""
                storage: { data-dir: "%s" }
                security: { egress: { allow: [127.0.0.0/8] } }  # the monitor targets loopback
                monitors:
                  - { id: api, name: API, type: tcp, host: 127.0.0.1, port: 9 }
                incidents:
                  - { id: notice, title: Partner outage, services: [api], starts: 2026-11-24T08:00:00Z }
                """.formatted(data.toString().replace("\\", "/")), "test.yml", data);
        List<IncidentEvent> heard = new ArrayList<>();
        Module listenerModule = new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), IncidentListener.class).addBinding().toInstance(heard::add);
            }
        };
        List<Module> modules = new ArrayList<>(UpwatchApplication.modules(config, Clock.systemUTC(), EngineSettings.defaults()));
        modules.add(listenerModule);
        injector = Guice.createInjector(Stage.DEVELOPMENT, modules);

        IncidentService service = injector.getInstance(IncidentService.class);
        IncidentQuery query = injector.getInstance(dev.upwatch.web.reader.StatusPages.class).defaultPage().incidents();
        assertTrue(query instanceof dev.upwatch.core.service.PublicIncidentQuery,
                "public routes read the service's incidents through the private-monitor filter (the default page of"
                        + " every monitor is the public view itself)");
        assertFalse(injector.getInstance(Key.get(new TypeLiteral<Set<Notifier>>() { })).contains(service),
                "the engine asks the incident service for a change's consequences and commits them with the change, "
                        + "rather than telling it afterwards");

        StatusChange down = new StatusChange(config.monitors().getFirst(), Status.UP, Status.DOWN, Instant.now(),
                new Sample(MonitorId.of("api"), Instant.now(), Duration.ofMillis(3), Outcome.FAILURE,
                        Optional.of("connection refused"), List.of()), "connection refused");
        service.statusChanged(down);

        assertEquals(1, heard.size());
        assertEquals(IncidentEvent.Type.OPENED, heard.getFirst().type());
        Incident opened = heard.getFirst().incident();
        assertEquals(Optional.of(opened), injector.getInstance(IncidentStore.class).find(opened.id()));
        assertEquals(List.of("notice", opened.id().value()).stream().sorted().toList(),
                service.active().stream().map(i -> i.id().value()).sorted().toList(),
                "configured incidents are served with the automatic ones");
        assertEquals(service.active(), query.active(), "the public query answers from the same service");
    }
}
