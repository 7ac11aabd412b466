package dev.upwatch.web.console;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.web.page.AssetCatalog;
import dev.upwatch.web.page.BarIncidents;
import dev.upwatch.web.page.FreemarkerWriter;
import dev.upwatch.web.page.LiveSignal;
import dev.upwatch.web.page.LiveSnapshots;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's live body: one render per version and query, the query deciding the rows, the query of a page path. */
class ConsoleLiveTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final IncidentQuery NO_INCIDENTS = new IncidentQuery() {
        @Override
        public List<Incident> active() {
            return List.of();
        }

        @Override
        public List<Incident> between(Instant from, Instant to) {
            return List.of();
        }

        @Override
        public List<Incident> forService(MonitorId monitorId, int limit) {
            return List.of();
        }

        @Override
        public Optional<Incident> find(IncidentId id) {
            return Optional.empty();
        }
    };

    /** A dashboard over the snapshots {@code status} gives, with no incidents, windows or groups, at a fixed time. */
    static ConsoleLive live(Supplier<StatusSnapshot> status, FreemarkerWriter templates) {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        LiveSignal signal = new LiveSignal();
        StatusQuery query = new StatusQuery() {
            @Override
            public StatusSnapshot snapshot() {
                return status.get();
            }

            @Override
            public Optional<ServiceStatus> service(MonitorId id) {
                return status.get().services().stream().filter(s -> s.monitor().id().equals(id)).findFirst();
            }

            @Override
            public List<Sample> recentSamples(MonitorId id, int limit) {
                return List.of();
            }

            @Override
            public List<Rollup> rollups(MonitorId id, RollupTier tier, Instant from, Instant to) {
                return List.of();
            }
        };
        return new ConsoleLive(new LiveSnapshots(query, NO_INCIDENTS, MaintenanceCalendar.NONE,
                new BarIncidents(NO_INCIDENTS, clock, signal), List::of, signal, clock), templates);
    }

    private static StatusSnapshot withStatus(StatusSnapshot snapshot, String id, Status status) {
        List<ServiceStatus> services = new ArrayList<>();
        for (ServiceStatus service : snapshot.services()) {
            services.add(service.monitor().id().value().equals(id) ? new ServiceStatus(service.monitor(), status,
                    T0.plusSeconds(3600), Optional.empty(), List.of(), java.util.Map.of(), List.of()) : service);
        }
        return new StatusSnapshot(T0.plusSeconds(3600), Status.DOWN, services);
    }

    @Test
    void rendersOncePerVersionAndQueryAndShowsAChangeAtTheNextVersion() {
        AtomicReference<StatusSnapshot> now = new AtomicReference<>(ConsoleDashboardTest.snapshot(10));
        ConsoleLive live = live(now::get, new FreemarkerWriter(new AssetCatalog()));
        String first = live.body(DashboardQuery.ALL);
        assertSame(first, live.body(DashboardQuery.ALL), "the same version's render, not a new one");
        assertTrue(first.contains("<tr data-monitor-id=\"m1\" data-status=\"up\">"), first);
        assertFalse(first.contains("<!--live:"), "the marks are cut out");

        now.set(withStatus(now.get(), "m1", Status.DOWN));
        String second = live.body(DashboardQuery.ALL);
        assertTrue(second.contains("<tr data-monitor-id=\"m1\" data-status=\"down\">"), second);
        assertEquals(live.snapshots().current().tag(), version(second));
    }

    @Test
    void theQueryDecidesWhichRowsTheBodyHolds() {
        AtomicReference<StatusSnapshot> now = new AtomicReference<>(ConsoleDashboardTest.snapshot(10));
        ConsoleLive live = live(now::get, new FreemarkerWriter(new AssetCatalog()));
        DashboardQuery down = DashboardQuery.of("", "down", "", "", "", "", "1");
        assertEquals(List.of("m0", "m3", "m6", "m9"), rows(live.body(down)));
        now.set(withStatus(now.get(), "m1", Status.DOWN));
        assertEquals(List.of("m0", "m1", "m3", "m6", "m9"), rows(live.body(down)), "m1 joins the down filter's rows");
    }

    @Test
    void readsTheQueryOfThePagePathThePageScriptSends() {
        assertEquals(Optional.of(DashboardQuery.ALL), ConsoleLive.query("/"));
        assertEquals(Optional.of(DashboardQuery.of("B & C", "down", "", "api", "name", "desc", "2")),
                ConsoleLive.query("/?group=B+%26+C&status=down&q=api&sort=name&order=desc&page=2"));
        assertEquals(Optional.empty(), ConsoleLive.query("/audit"));
        assertEquals(Optional.empty(), ConsoleLive.query(null));
    }

    private static String version(String body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"live-version\" data-version=\"([^\"]+)\"")
                .matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    private static List<String> rows(String body) {
        List<String> ids = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<tr data-monitor-id=\"([^\"]+)\"").matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
