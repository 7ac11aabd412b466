package dev.upwatch.web.page;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.port.IncidentQuery;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarIncidentsTest {
    private static final MonitorId API = MonitorId.of("api");
    private static final MonitorId DB = MonitorId.of("db");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-24");

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** In-memory incidents; counts the reads of the store-backed query. */
    private static final class Incidents implements IncidentQuery {
        final List<Incident> all = new ArrayList<>();
        int reads;

        @Override
        public List<Incident> active() {
            return all.stream().filter(Incident::isActive).toList();
        }

        @Override
        public List<Incident> between(Instant from, Instant to) {
            reads++;
            return all.stream().filter(i -> i.overlaps(from, to)).sorted(Incident.NEWEST_FIRST).toList();
        }

        @Override
        public List<Incident> forService(MonitorId monitorId, int limit) {
            return List.of();
        }

        @Override
        public Optional<Incident> find(IncidentId id) {
            return Optional.empty();
        }
    }

    private static Incident incident(String id, String title, String from, String to, MonitorId... services) {
        return new Incident(IncidentId.of(id), Incident.Kind.MANUAL, title, Status.DOWN, List.of(services),
                Instant.parse(from), Optional.ofNullable(to).map(Instant::parse), List.of());
    }

    @Test
    void anIncidentIsListedOnEveryDayItLastedForEachServiceItAffected() {
        Hands clock = new Hands();
        Incidents incidents = new Incidents();
        incidents.all.add(incident("a", "Database failover", "2026-11-21T23:30:00Z", "2026-11-22T00:10:00Z", API, DB));
        incidents.all.add(incident("b", "Slow logins", "2026-11-22T08:00:00Z", "2026-11-22T09:00:00Z", API));
        incidents.all.add(incident("c", "Still broken", "2026-11-23T20:00:00Z", null, DB));
        incidents.all.add(incident("d", "Planned", "2026-11-30T20:00:00Z", "2026-11-30T21:00:00Z", API));
        incidents.all.add(incident("e", "Too old", "2026-08-01T00:00:00Z", "2026-08-01T01:00:00Z", API));

        Map<MonitorId, Map<LocalDate, List<String>>> table = new BarIncidents(incidents, clock, new LiveSignal()).byService(incidents.active());

        assertEquals(Map.of(TODAY.minusDays(3), List.of("Database failover"),
                TODAY.minusDays(2), List.of("Database failover", "Slow logins")), table.get(API), "oldest first per day");
        assertEquals(Map.of(TODAY.minusDays(3), List.of("Database failover"), TODAY.minusDays(2), List.of("Database failover"),
                TODAY.minusDays(1), List.of("Still broken"), TODAY, List.of("Still broken")), table.get(DB),
                "an open incident runs until today");
    }

    @Test
    void theTableIsReReadWhenTheActiveIncidentsChangeOrAfterHalfAMinute() {
        Hands clock = new Hands();
        Incidents incidents = new Incidents();
        BarIncidents bar = new BarIncidents(incidents, clock, new LiveSignal());
        bar.byService(incidents.active());
        bar.byService(incidents.active());
        assertEquals(1, incidents.reads, "nothing changed: read once");

        incidents.all.add(incident("x", "Outage", "2026-11-24T11:00:00Z", null, API));
        assertEquals(Map.of(TODAY, List.of("Outage")), bar.byService(incidents.active()).get(API), "a new active incident");
        assertEquals(2, incidents.reads);

        clock.now = clock.now.plus(BarIncidents.MAX_AGE);
        bar.byService(incidents.active());
        assertEquals(3, incidents.reads, "an edit of a resolved incident shows within half a minute");
        assertTrue(bar.byService(incidents.active()).containsKey(API));
        assertEquals(3, incidents.reads);
        clock.now = clock.now.plus(Duration.ofDays(1));
        bar.byService(incidents.active());
        assertEquals(4, incidents.reads, "a new day");
    }
}
