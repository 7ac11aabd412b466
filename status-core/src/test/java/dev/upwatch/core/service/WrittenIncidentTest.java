package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Incidents and notices written through the admin API: stored, announced, active until resolved, restored. */
class WrittenIncidentTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final MonitorId API = MonitorId.of("api");

    private final InMemoryIncidentStore store = new InMemoryIncidentStore();
    private final List<IncidentEvent.Type> events = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private IncidentService service(List<Incident> configured) {
        return new IncidentService(clock, store, configured, List.of(event -> events.add(event.type())));
    }

    private static Incident manual(String id) {
        return new Incident(IncidentId.of(id), Incident.Kind.MANUAL, "Slow database", Status.DEGRADED, List.of(API),
                NOW.minusSeconds(600), Optional.empty(),
                List.of(new IncidentUpdate(NOW.minusSeconds(600), IncidentState.INVESTIGATING, "Looking")));
    }

    @Test
    void aWrittenIncidentIsStoredAnnouncedAndActiveUntilResolved() {
        IncidentService service = service(List.of());
        Incident incident = manual("db");
        service.write(incident);
        assertEquals(List.of(incident), service.active());
        assertEquals(Optional.of(incident), store.find(incident.id()));
        Incident monitoring = incident.withUpdate(new IncidentUpdate(NOW, IncidentState.MONITORING, "Fixed"));
        service.write(monitoring);
        service.write(monitoring.resolved(NOW, "Done"));
        assertEquals(List.of(IncidentEvent.Type.OPENED, IncidentEvent.Type.UPDATED, IncidentEvent.Type.RESOLVED), events);
        assertTrue(service.active().isEmpty());
        assertEquals(3, service.find(incident.id()).orElseThrow().updates().size());
    }

    @Test
    void activeWrittenIncidentsAndUpcomingMaintenanceAreRestored() {
        service(List.of()).write(manual("db"));
        Incident maintenance = new Incident(IncidentId.of("upgrade"), Incident.Kind.MAINTENANCE, "Upgrade",
                Status.MAINTENANCE, List.of(API), NOW.plusSeconds(3_600), Optional.of(NOW.plusSeconds(7_200)), List.of());
        service(List.of()).write(maintenance);
        IncidentService restarted = service(List.of());
        restarted.restore(List.of(API));
        assertEquals(List.of("upgrade", "db"), restarted.active().stream().map(i -> i.id().value()).toList());
    }

    @Test
    void configuredAndAutomaticIncidentsAreNotWritable() {
        Incident configured = manual("from-file");
        IncidentService service = service(List.of(configured));
        assertThrows(IllegalArgumentException.class, () -> service.write(configured));
        Incident automatic = new Incident(IncidentId.of("auto"), Incident.Kind.AUTOMATIC, "Down", Status.DOWN,
                List.of(API), NOW, Optional.empty(), List.of());
        assertThrows(IllegalArgumentException.class, () -> service.write(automatic));
        store.save(automatic);
        Incident overwrite = new Incident(automatic.id(), Incident.Kind.MANUAL, "Mine now", Status.DOWN, List.of(API),
                NOW, Optional.empty(), List.of());
        assertThrows(IllegalArgumentException.class, () -> service.write(overwrite));
        assertTrue(events.isEmpty());
    }
}
