package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.PageSelection;
import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.Visibility;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.rule.MaintenanceCalendar;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A status page's view: the public view narrowed to its groups and monitors, and nothing that view hides. */
class PageScopeTest {
    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
    private static final Monitor WEB = monitor("web", "Website", Visibility.PUBLIC);
    private static final Monitor DB = monitor("db", "Databases", Visibility.PUBLIC);
    private static final Monitor QUEUE = monitor("queue", "Databases", Visibility.PUBLIC);
    private static final Monitor VAULT = monitor("vault", "Databases", Visibility.PRIVATE);

    private static Monitor monitor(String id, String group, Visibility visibility) {
        return Monitor.builder(MonitorId.of(id), id.toUpperCase(), new ProbeSpec("test", ProbeSettings.empty()))
                .group(group).failureThreshold(1).visibility(visibility).build();
    }

    private final StatusService status = new StatusService(Clock.fixed(T0, ZoneOffset.UTC), new InMemorySampleStore());
    private final PublicStatusQuery visible = new PublicStatusQuery(status);

    private PageScope scope(PageSelection selection, List<Incident> incidents, List<MaintenanceWindow> windows) {
        IncidentService service = new IncidentService(Clock.fixed(T0, ZoneOffset.UTC), new InMemoryIncidentStore(),
                incidents, List.of());
        return PageScope.of(selection, visible, new PublicIncidentQuery(service, visible),
                new PublicMaintenanceQuery(new MaintenanceCalendar(windows), visible));
    }

    private static List<String> ids(StatusSnapshot snapshot) {
        return snapshot.services().stream().map(s -> s.monitor().id().value()).toList();
    }

    private void fail(Monitor monitor) {
        status.checked(monitor, new Sample(monitor.id(), T0, Duration.ofMillis(5), Outcome.FAILURE, Optional.of("refused"),
                List.of()));
    }

    @Test
    void aPageShowsItsGroupsAndNamedMonitorsAndNeverAPrivateOne() {
        status.track(List.of(WEB, DB, QUEUE, VAULT));
        PageScope databases = scope(new PageSelection(Set.of("Databases"), Set.of()), List.of(), List.of());
        assertEquals(List.of("db", "queue"), ids(databases.status().snapshot()), "the private vault stays hidden");
        PageScope mixed = scope(new PageSelection(Set.of("Website"), Set.of(MonitorId.of("queue"), MonitorId.of("vault"))),
                List.of(), List.of());
        assertEquals(List.of("web", "queue"), ids(mixed.status().snapshot()), "naming a private monitor shows nothing");
        assertTrue(mixed.status().service(DB.id()).isEmpty(), "another page's monitor is as absent as an unknown one");
        assertTrue(mixed.status().recentSamples(DB.id(), 10).isEmpty());
        assertTrue(mixed.status().rollups(DB.id(), dev.upwatch.core.model.RollupTier.HOUR, T0, T0).isEmpty());
    }

    @Test
    void aPageOfEverythingIsThePublicViewItself() {
        status.track(List.of(WEB, VAULT));
        PageScope everything = scope(PageSelection.EVERYTHING, List.of(), List.of());
        assertSame(visible, everything.status());
        assertEquals(List.of("web"), ids(everything.status().snapshot()));
    }

    @Test
    void aPagesSnapshotStaysTheSameObjectWhileOnlyOtherPagesServicesChange() {
        status.track(List.of(WEB, DB, QUEUE));
        PageScope website = scope(new PageSelection(Set.of("Website"), Set.of()), List.of(), List.of());
        StatusSnapshot before = website.status().snapshot();
        fail(DB);
        assertSame(before, website.status().snapshot(), "a check of another page's service changes nothing here");
        fail(WEB);
        StatusSnapshot after = website.status().snapshot();
        assertNotSame(before, after);
        assertEquals(Status.DOWN, after.overall(), "the overall status is the page's own");
    }

    @Test
    void incidentsAndMaintenanceShowOnlyThePagesServices() {
        status.track(List.of(WEB, DB, QUEUE, VAULT));
        Incident shared = new Incident(IncidentId.of("shared"), Incident.Kind.MANUAL, "Shared trouble", Status.DOWN,
                List.of(WEB.id(), DB.id(), VAULT.id()), T0.minusSeconds(60), Optional.empty(), List.of());
        Incident websiteOnly = new Incident(IncidentId.of("web-only"), Incident.Kind.MANUAL, "Website trouble",
                Status.DOWN, List.of(WEB.id()), T0.minusSeconds(30), Optional.empty(), List.of());
        Incident general = new Incident(IncidentId.of("general"), Incident.Kind.MANUAL, "Everyone", Status.DEGRADED,
                List.of(), T0.minusSeconds(10), Optional.empty(), List.of());
        MaintenanceWindow upgrade = new MaintenanceWindow("Upgrade", Set.of(WEB.id(), QUEUE.id()),
                Recurrence.once(T0.plusSeconds(3_600)), Duration.ofHours(1));
        MaintenanceWindow websiteWork = new MaintenanceWindow("Website work", Set.of(WEB.id()),
                Recurrence.once(T0.plusSeconds(7_200)), Duration.ofHours(1));
        PageScope databases = scope(new PageSelection(Set.of("Databases"), Set.of()), List.of(shared, websiteOnly, general),
                List.of(upgrade, websiteWork));
        List<Incident> active = databases.incidents().active();
        assertEquals(List.of("general", "shared"), active.stream().map(i -> i.id().value()).toList());
        assertEquals(List.of(DB.id()), active.get(1).services(), "only the page's services, never the private vault");
        assertTrue(databases.incidents().find(IncidentId.of("web-only")).isEmpty());
        assertTrue(databases.incidents().forService(WEB.id(), 10).isEmpty());
        assertEquals(List.of("Upgrade"), databases.maintenance().windows().stream().map(MaintenanceWindow::title).toList());
        assertEquals(Set.of(QUEUE.id()), databases.maintenance().windows().getFirst().monitors());
        assertSame(databases.maintenance().windows(), databases.maintenance().windows(), "narrowed once per change");
    }

    @Test
    void anIncidentOfADeletedMonitorStaysOnAPageThatNamesItById() {
        status.track(List.of(WEB));
        Incident gone = new Incident(IncidentId.of("gone"), Incident.Kind.MANUAL, "Old outage", Status.DOWN,
                List.of(MonitorId.of("retired")), T0.minusSeconds(60), Optional.empty(), List.of());
        assertEquals(1, scope(new PageSelection(Set.of(), Set.of(MonitorId.of("retired"))), List.of(gone), List.of())
                .incidents().active().size());
        assertTrue(scope(new PageSelection(Set.of("Website"), Set.of()), List.of(gone), List.of()).incidents().active()
                .isEmpty());
    }
}
