package dev.upwatch.persistence;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.port.IncidentStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link IncidentStore} on a real database must do; each subclass runs it against one database product,
 * with a fresh, empty, migrated database per test.
 */
abstract class IncidentStoreContract extends FreshDatabaseTest {
    static final MonitorId API = MonitorId.of("api");
    static final MonitorId WEB = MonitorId.of("web");
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00Z");

    protected IncidentStore store;

    @BeforeEach
    void openStore() {
        store = database.incidentStore();
    }

    @Test
    void roundTripsEveryField() {
        Incident incident = new Incident(IncidentId.of("api-1773489600123"), Incident.Kind.MANUAL,
                "Zoë's \"API\" — it's 'down' ✓ 🚀 %_\\", Status.DEGRADED, List.of(WEB, API),
                Instant.parse("2026-03-14T12:00:00.123456Z"), Optional.of(Instant.parse("2026-03-14T13:00:00.654321Z")),
                List.of(new IncidentUpdate(Instant.parse("2026-03-14T12:00:00.123456Z"), IncidentState.INVESTIGATING,
                                "[STATUS] (503) == 200\n\tline 2"),
                        new IncidentUpdate(NOON.plusSeconds(60), IncidentState.IDENTIFIED, ""),
                        new IncidentUpdate(NOON.plusSeconds(120), IncidentState.MONITORING, "watching"),
                        new IncidentUpdate(Instant.parse("2026-03-14T13:00:00.654321Z"), IncidentState.RESOLVED, "fixed")));
        store.save(incident);
        assertEquals(Optional.of(incident), store.find(incident.id()));
    }

    @Test
    void everyKindAndImpactRoundTrips() {
        int n = 0;
        for (Incident.Kind kind : Incident.Kind.values()) {
            for (Status impact : Status.values()) {
                Incident incident = incident("i" + n, kind, impact, NOON.plusSeconds(n), null);
                store.save(incident);
                assertEquals(Optional.of(incident), store.find(incident.id()));
                n++;
            }
        }
    }

    @Test
    void aNulCharacterIsStoredAsReplacement() {
        Incident incident = new Incident(IncidentId.of("nul"), Incident.Kind.AUTOMATIC, "a\0b", Status.DOWN, List.of(API),
                NOON, Optional.empty(), List.of(new IncidentUpdate(NOON, IncidentState.INVESTIGATING, "x\0y")));
        store.save(incident);
        Incident stored = store.find(incident.id()).orElseThrow();
        assertEquals("a\uFFFDb", stored.title());
        assertEquals("x\uFFFDy", stored.updates().getFirst().message());
    }

    @Test
    void instantsAreKeptToTheMicrosecond() {
        Incident incident = incident("precise", Incident.Kind.AUTOMATIC, Status.DOWN,
                Instant.parse("2026-03-14T12:00:00.123456789Z"), null);
        store.save(incident);
        assertEquals(Instant.parse("2026-03-14T12:00:00.123456Z"), store.find(incident.id()).orElseThrow().startedAt());
    }

    @Test
    void savingAgainReplacesTheWholeIncident() {
        Incident opened = incident("a", Incident.Kind.AUTOMATIC, Status.DEGRADED, NOON, null);
        store.save(opened);
        Incident escalated = opened.withImpact(Status.DOWN, "API is down")
                .withUpdate(new IncidentUpdate(NOON.plusSeconds(30), IncidentState.INVESTIGATING, "now down"));
        store.save(escalated);
        Incident resolved = escalated.resolved(NOON.plusSeconds(90), "recovered after 1m30s");
        store.save(resolved);

        assertEquals(Optional.of(resolved), store.find(opened.id()));
        assertEquals(List.of(resolved), store.forService(API, 10));
        assertTrue(store.active().isEmpty());
    }

    @Test
    void unknownIdsAreEmpty() {
        assertEquals(Optional.empty(), store.find(IncidentId.of("nope")));
        assertTrue(store.active().isEmpty());
        assertTrue(store.forService(API, 10).isEmpty());
        assertTrue(store.between(NOON.minusSeconds(3600), NOON.plusSeconds(3600)).isEmpty());
    }

    @Test
    void activeListsTheUnresolvedNewestFirst() {
        Incident old = incident("old", Incident.Kind.AUTOMATIC, Status.DOWN, NOON.minusSeconds(3600), null);
        Incident over = incident("over", Incident.Kind.AUTOMATIC, Status.DOWN, NOON.minusSeconds(1800), NOON);
        Incident fresh = incident("fresh", Incident.Kind.MANUAL, Status.DEGRADED, NOON, null);
        Incident tie = incident("a-tie", Incident.Kind.AUTOMATIC, Status.DOWN, NOON, null);
        List.of(old, over, fresh, tie).forEach(store::save);
        assertEquals(List.of(tie, fresh, old), store.active());
    }

    @Test
    void forServiceListsTheNewestOfOneMonitorUpToTheLimit() {
        Incident first = incident("first", Incident.Kind.AUTOMATIC, Status.DOWN, NOON, NOON.plusSeconds(60));
        Incident second = incident("second", Incident.Kind.AUTOMATIC, Status.DOWN, NOON.plusSeconds(120), null);
        Incident both = new Incident(IncidentId.of("both"), Incident.Kind.MANUAL, "both", Status.DOWN, List.of(WEB, API),
                NOON.plusSeconds(240), Optional.empty(), List.of());
        Incident webOnly = new Incident(IncidentId.of("web-only"), Incident.Kind.MANUAL, "web", Status.DOWN, List.of(WEB),
                NOON.plusSeconds(300), Optional.empty(), List.of());
        List.of(first, second, both, webOnly).forEach(store::save);

        assertEquals(List.of(both, second, first), store.forService(API, 10));
        assertEquals(List.of(both, second), store.forService(API, 2));
        assertEquals(List.of(), store.forService(API, 0));
        assertEquals(List.of(webOnly, both), store.forService(WEB, 10));
    }

    /** Minutes from noon; {@code -} for an incident still active. Window [from, to) in minutes from noon. */
    @ParameterizedTest(name = "[{0}, {1}) in [{2}, {3}) -> {4}")
    @CsvSource({
            "0,  10, 20, 30, false", // ended before the window
            "0,  20, 20, 30, false", // ended exactly as the window starts
            "0,  21, 20, 30, true",  // still going in the window
            "25, 26, 20, 30, true",  // inside
            "20, 20, 20, 30, true",  // zero length at the window's start
            "30, 40, 20, 30, false", // starts as the window ends
            "0,  -,  20, 30, true",  // active, started before
            "35, -,  20, 30, false", // active, started after
            "0,  60, 20, 30, true",  // spans the window
    })
    void betweenListsIncidentsOverlappingTheWindow(int start, String end, int from, int to, boolean listed) {
        Incident incident = incident("x", Incident.Kind.AUTOMATIC, Status.DOWN, NOON.plusSeconds(start * 60L),
                end.equals("-") ? null : NOON.plusSeconds(Integer.parseInt(end) * 60L));
        store.save(incident);
        Instant windowStart = NOON.plusSeconds(from * 60L);
        Instant windowEnd = NOON.plusSeconds(to * 60L);
        assertEquals(listed ? List.of(incident) : List.of(), store.between(windowStart, windowEnd));
        assertEquals(listed, incident.overlaps(windowStart, windowEnd), "the store and the model agree");
    }

    @Test
    void betweenListsNewestFirstAcrossManyIncidents() {
        for (int i = 0; i < 700; i++) {
            store.save(incident("n" + i, Incident.Kind.AUTOMATIC, Status.DOWN, NOON.plus(Duration.ofMinutes(i)),
                    NOON.plus(Duration.ofMinutes(i)).plusSeconds(30)));
        }
        List<Incident> all = store.between(NOON, NOON.plus(Duration.ofDays(1)));
        assertEquals(700, all.size());
        assertEquals("n699", all.getFirst().id().value());
        assertTrue(all.stream().allMatch(incident -> incident.updates().size() == 1), "timelines of every chunk loaded");
    }

    static Incident incident(String id, Incident.Kind kind, Status impact, Instant start, Instant end) {
        return new Incident(IncidentId.of(id), kind, id + " title", impact, List.of(API), start, Optional.ofNullable(end),
                List.of(new IncidentUpdate(start, IncidentState.INVESTIGATING, "started")));
    }
}
