package dev.upwatch.core.rule;

import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.LocationStatus;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Placement;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.model.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuorumVerdictTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final MonitorId ID = MonitorId.of("api");

    /** Locations fra, nyc, sgp, lon in that order; "-" leaves the location out (no report). */
    @ParameterizedTest(name = "{0} quorum {1} -> {2} failing from [{3}]")
    @CsvSource(delimiter = '|', textBlock = """
            up down           | 0 | up          | nyc
            down down         | 0 | down        |
            down up           | 1 | down        |
            down up           | 2 | up          | fra
            down down up      | 0 | down        |
            down up up        | 0 | up          | fra
            down degraded up  | 0 | degraded    | fra
            degraded degraded | 0 | degraded    |
            down down up      | 3 | up          | fra nyc
            degraded unknown  | 2 | up          | fra
            down maintenance  | 2 | up          | fra
            unknown down      | 2 | unknown     | nyc
            unknown unknown   | 0 | unknown     |
            up unknown        | 0 | up          |
            maintenance maintenance | 0 | maintenance |
            maintenance up    | 0 | up          |
            down down down up | 0 | down        |
            down down up up   | 0 | up          | fra nyc
            """)
    void decidesByQuorum(String statuses, int quorum, String expected, String failingFrom) {
        List<Location> names = List.of(Location.of("fra"), Location.of("nyc"), Location.of("sgp"), Location.of("lon"));
        String[] each = statuses.trim().split(" +");
        List<LocationStatus> reports = new ArrayList<>();
        for (int i = 0; i < each.length; i++) {
            reports.add(report(names.get(i), Status.valueOf(each[i].toUpperCase()), NOW));
        }
        Monitor monitor = monitor(new Placement(List.of(), quorum == 0 ? OptionalInt.empty() : OptionalInt.of(quorum)));
        QuorumVerdict verdict = QuorumVerdict.of(monitor, reports, NOW, GRACE);
        assertEquals(Status.valueOf(expected.toUpperCase()), verdict.status());
        List<Location> partial = failingFrom == null ? List.of()
                : Arrays.stream(failingFrom.trim().split(" +")).map(Location::of).toList();
        assertEquals(partial, verdict.failingFrom());
    }

    @Test
    void aLocationThatStoppedCheckingDropsOutAndTheQuorumShrinksToTheLocationsLeft() {
        Monitor monitor = monitor(new Placement(List.of(Location.of("fra"), Location.of("nyc")), OptionalInt.of(2)));
        // Interval 60 s: nyc has been silent for more than 3 intervals + grace.
        Instant lastOfNyc = NOW.minus(Duration.ofMinutes(3)).minus(GRACE).minusSeconds(1);
        List<LocationStatus> reports = List.of(report(Location.of("fra"), Status.DOWN, NOW),
                report(Location.of("nyc"), Status.UP, lastOfNyc));
        QuorumVerdict verdict = QuorumVerdict.of(monitor, reports, NOW, GRACE);
        assertEquals(Status.DOWN, verdict.status());
        assertEquals(1, verdict.quorum());
        // One second earlier nyc still counts: quorum 2, so fra alone is only a partial failure.
        QuorumVerdict before = QuorumVerdict.of(monitor, reports, NOW.minusSeconds(1), GRACE);
        assertEquals(Status.UP, before.status());
        assertEquals(2, before.quorum());
        assertEquals(List.of(Location.of("fra")), before.failingFrom());
    }

    @Test
    void listedLocationsSetTheMajorityAndOthersAreIgnored() {
        // Listed fra, nyc, sgp: majority 2 of 3, even while only two report; lon is not one of its locations.
        Monitor monitor = monitor(new Placement(List.of(Location.of("fra"), Location.of("nyc"), Location.of("sgp")),
                OptionalInt.empty()));
        List<LocationStatus> reports = List.of(report(Location.of("fra"), Status.DOWN, NOW),
                report(Location.of("nyc"), Status.UP, NOW), report(Location.of("lon"), Status.DOWN, NOW));
        QuorumVerdict verdict = QuorumVerdict.of(monitor, reports, NOW, GRACE);
        assertEquals(Status.UP, verdict.status());
        assertEquals(2, verdict.quorum());
        assertEquals(List.of(Location.of("fra"), Location.of("nyc")),
                verdict.counted().stream().map(LocationStatus::location).toList());
    }

    private static Monitor monitor(Placement placement) {
        return Monitor.builder(ID, "API", new ProbeSpec("test", ProbeSettings.empty()))
                .interval(Duration.ofMinutes(1)).placement(placement).build();
    }

    private static LocationStatus report(Location location, Status status, Instant checkedAt) {
        return new LocationStatus(ID, location, status, checkedAt, checkedAt, Duration.ofMillis(12),
                status == Status.UP ? "" : "[STATUS] (503) == 200");
    }
}
