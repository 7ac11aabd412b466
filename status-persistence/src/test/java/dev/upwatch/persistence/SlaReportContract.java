package dev.upwatch.persistence;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.model.ResponseTimes;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.SlaTarget;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.Visibility;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.report.ReportPeriod;
import dev.upwatch.core.report.ServiceSla;
import dev.upwatch.core.report.SlaReport;
import dev.upwatch.core.report.SlaReports;
import dev.upwatch.core.rule.HealthStateMachine;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.core.service.PublicIncidentQuery;
import dev.upwatch.core.service.PublicStatusQuery;
import dev.upwatch.core.service.RollupRetention;
import dev.upwatch.core.service.StatusService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An SLA report read from rollups equals what the raw samples say, and exports stream exactly what the stores' list
 * reads return. Four days of checks of two public monitors and one private one go through the engine's own path
 * (maintenance excuse → {@link StatusService} → rollups flushed to the store, samples appended to the store, incidents
 * kept by {@link IncidentService}); closed days are then packed into sample blocks. The expected figures are
 * recomputed here from the samples read back, with the status each check left the monitor in replayed through
 * {@link HealthStateMachine}; each subclass runs this on one database product.
 */
abstract class SlaReportContract extends FreshDatabaseTest {
    static final Instant NOW = Instant.parse("2026-03-14T18:20:30Z");
    static final Instant FIRST = Instant.parse("2026-03-10T22:00:00Z");
    static final Monitor API = Monitor.builder(MonitorId.of("api"), "API", new ProbeSpec("tcp", ProbeSettings.empty()))
            .interval(Duration.ofSeconds(300)).timeout(Duration.ofSeconds(5)).degradedAbove(Duration.ofMillis(400))
            .failureThreshold(2).sla(SlaTarget.parse("99.5")).build();
    static final Monitor WEB = Monitor.builder(MonitorId.of("web"), "Web", new ProbeSpec("tcp", ProbeSettings.empty()))
            .interval(Duration.ofSeconds(420)).timeout(Duration.ofSeconds(5)).failureThreshold(1).build();
    static final Monitor SECRET = Monitor.builder(MonitorId.of("secret"), "Secret",
                    new ProbeSpec("tcp", ProbeSettings.empty())).interval(Duration.ofSeconds(600))
            .timeout(Duration.ofSeconds(5)).visibility(Visibility.PRIVATE).build();
    static final List<Monitor> MONITORS = List.of(API, WEB, SECRET);
    /** Minute rollups kept 10 days here, so that a period starting at any minute of the four days is exact. */
    static final RollupRetention RETENTION = new RollupRetention(Duration.ofDays(10), Duration.ofDays(90),
            Duration.ofDays(730));
    static final MaintenanceCalendar CALENDAR = new MaintenanceCalendar(List.of(
            new MaintenanceWindow("Database upgrade", java.util.Set.of(API.id(), SECRET.id()),
                    Recurrence.once(Instant.parse("2026-03-12T10:00:00Z")), Duration.ofHours(2)),
            new MaintenanceWindow("Secret work", java.util.Set.of(SECRET.id()),
                    Recurrence.once(Instant.parse("2026-03-13T10:00:00Z")), Duration.ofHours(1))));

    private SampleStore samples;
    private RollupStore rollups;
    private SlaReports reports;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeEach
    void seed() {
        samples = database.sampleStore();
        rollups = database.rollupStore();
        StatusService status = new StatusService(clock, samples, rollups, CALENDAR);
        IncidentService incidents = new IncidentService(clock, database.incidentStore(), List.of(), List.of());
        status.addNotifier(incidents);
        status.track(MONITORS);
        Random random = new Random(22);
        for (Monitor monitor : MONITORS) {
            List<Sample> batch = new ArrayList<>();
            int badRun = 0;
            for (Instant at = FIRST.plusSeconds(random.nextInt(60)); at.isBefore(NOW);
                 at = at.plus(monitor.interval()).plusSeconds(random.nextInt(3) - 1)) {
                if (badRun == 0 && random.nextInt(150) == 0) {
                    badRun = 1 + random.nextInt(6); // an outage of a few checks
                }
                int roll = random.nextInt(1000);
                Outcome outcome = badRun > 0 ? Outcome.FAILURE
                        : roll < 10 ? Outcome.ERROR : roll < 15 ? Outcome.BLOCKED : roll < 40 ? Outcome.FAILURE
                        : Outcome.SUCCESS;
                badRun = Math.max(0, badRun - 1);
                long millis = outcome == Outcome.BLOCKED ? 0 : 20 + random.nextInt(random.nextInt(20) == 0 ? 3000 : 300);
                Sample sample = CALENDAR.excuse(monitor, new Sample(monitor.id(), at, Duration.ofMillis(millis), outcome,
                        outcome == Outcome.SUCCESS ? Optional.empty() : Optional.of("seeded " + outcome.wireName()),
                        List.of()));
                batch.add(sample);
                status.checked(monitor, sample);
            }
            samples.append(batch);
        }
        status.flushRollups();
        // Closed days go into packed blocks, as the hourly maintenance does: reads and exports then merge both tables.
        try (SampleMaintenance maintenance = database.sampleMaintenance(Duration.ofDays(7), clock)) {
            assertTrue(maintenance.runOnce().samplesPacked() > 0, "closed days packed");
        }
        PublicStatusQuery visible = new PublicStatusQuery(status);
        reports = new SlaReports(visible, new PublicIncidentQuery(incidents, visible), rollups, RETENTION, clock);
    }

    /** What the samples of {@code monitor} say about {@code period}, counted one by one. */
    private record Expected(long checks, long successes, long failures, long errors, long maintenance, long degraded,
                            long downMillis, List<Duration> times) {
    }

    private Expected fromRawSamples(Monitor monitor, ReportPeriod period) {
        List<Sample> all = samples.between(monitor.id(), FIRST.minusSeconds(1), NOW, Integer.MAX_VALUE);
        HealthStateMachine machine = HealthStateMachine.unknown(FIRST);
        long checks = 0;
        long successes = 0;
        long failures = 0;
        long errors = 0;
        long maintenance = 0;
        long degraded = 0;
        long downMillis = 0;
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Sample sample = all.get(i);
            Optional<String> window = CALENDAR.openFor(monitor.id(), sample.startedAt())
                    .map(open -> open.window().title());
            machine.apply(monitor, sample, window);
            Status after = machine.status();
            if (after == Status.DOWN && i + 1 < all.size()) {
                Instant spanEnd = min(all.get(i + 1).startedAt(), sample.startedAt().plus(monitor.interval().multipliedBy(2)));
                Instant from = max(sample.startedAt(), period.from());
                Instant to = min(spanEnd, period.to());
                if (from.isBefore(to)) {
                    downMillis += Duration.between(from, to).toMillis();
                }
            }
            if (!period.contains(sample.startedAt())) {
                continue;
            }
            checks++;
            if (window.isPresent()) {
                maintenance++;
                times.add(sample.responseTime());
            } else if (!sample.outcome().observedService()) {
                errors++;
            } else {
                times.add(sample.responseTime());
                if (sample.outcome() == Outcome.FAILURE) {
                    failures++;
                } else {
                    successes++;
                    if (after == Status.DEGRADED) {
                        degraded++;
                    }
                }
            }
        }
        return new Expected(checks, successes, failures, errors, maintenance, degraded, downMillis, times);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A period that needs minute, hour and day rollups at both ends, one of whole days, and one up to now. */
    static List<ReportPeriod> periods() {
        return List.of(
                new ReportPeriod(Instant.parse("2026-03-11T09:17:00Z"), Instant.parse("2026-03-14T16:43:00Z")),
                new ReportPeriod(Instant.parse("2026-03-11T00:00:00Z"), Instant.parse("2026-03-14T00:00:00Z")),
                new ReportPeriod(Instant.parse("2026-03-12T10:30:00Z"), Instant.parse("2026-03-12T10:31:00Z")),
                new ReportPeriod(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z")));
    }

    @Test
    void reportFromRollupsEqualsTheCountsOfTheRawSamplesAndShowsNoPrivateMonitor() {
        for (ReportPeriod requested : periods()) {
            SlaReport report = reports.page(requested);
            ReportPeriod period = report.period();
            assertEquals(requested.to().isAfter(NOW) ? Instant.parse("2026-03-14T18:21:00Z") : requested.to(),
                    period.to(), "a period reaching beyond now ends with the current minute");
            assertEquals(List.of(API.id(), WEB.id()), report.services().stream().map(s -> s.monitor().id()).toList(),
                    "public monitors only, in display order");
            long allSuccesses = 0;
            long allFailures = 0;
            for (ServiceSla service : report.services()) {
                Monitor monitor = service.monitor();
                Expected expected = fromRawSamples(monitor, period);
                String where = monitor.id() + " over " + period;
                assertTrue(expected.checks() > 0 || period.length().toMinutes() < 5, where + " has checks");
                assertEquals(expected.checks(), service.totals().checks(), where + ": checks");
                assertEquals(expected.successes(), service.totals().successes(), where + ": successes");
                assertEquals(expected.failures(), service.totals().failures(), where + ": failures");
                assertEquals(expected.errors(), service.totals().errors(), where + ": errors");
                assertEquals(expected.maintenance(), service.totals().maintenance(), where + ": maintenance");
                assertEquals(expected.degraded(), service.totals().degraded(), where + ": degraded");
                assertEquals(expected.downMillis(), service.downtime().toMillis(), where + ": down time");
                long decisive = expected.successes() + expected.failures();
                if (decisive > 0) {
                    assertEquals(100.0 * expected.successes() / decisive, service.uptime().orElseThrow(), 1e-12, where);
                    assertEquals(100.0 * expected.successes() / (decisive + expected.maintenance()),
                            service.uptimeCountingMaintenance().orElseThrow(), 1e-12, where);
                } else {
                    assertTrue(service.uptime().isEmpty(), where + ": no uptime without decisive checks");
                }
                if (monitor.sla().isPresent() && decisive > 0) {
                    BigDecimal allowed = BigDecimal.valueOf(decisive).multiply(new BigDecimal("0.5"))
                            .divide(BigDecimal.valueOf(100));
                    assertEquals(0, allowed.compareTo(service.errorBudget().orElseThrow().allowed()), where);
                    assertEquals(BigDecimal.valueOf(expected.failures()).compareTo(allowed) <= 0,
                            service.errorBudget().orElseThrow().met(), where + ": met");
                } else {
                    assertTrue(service.errorBudget().isEmpty(), where + ": no target, no budget");
                }
                Optional<ResponseTimes> exact = ResponseTimes.of(expected.times());
                assertEquals(exact.isPresent(), service.responseTimes().isPresent(), where);
                if (exact.isPresent()) {
                    ResponseTimes read = service.responseTimes().get();
                    assertEquals(exact.get().min(), read.min(), where + ": min is exact");
                    assertEquals(exact.get().max(), read.max(), where + ": max is exact");
                    within(exact.get().p50(), read.p50(), where + ": p50");
                    within(exact.get().p95(), read.p95(), where + ": p95");
                    within(exact.get().p99(), read.p99(), where + ": p99");
                }
                for (var span : service.incidents()) {
                    assertTrue(span.incident().affects(monitor.id()));
                    assertFalse(span.from().isBefore(period.from()) || span.to().isAfter(period.to()), where);
                }
                allSuccesses += expected.successes();
                allFailures += expected.failures();
            }
            if (allSuccesses + allFailures > 0) {
                assertEquals(100.0 * allSuccesses / (allSuccesses + allFailures), report.uptime().orElseThrow(), 1e-12);
            }
        }
        theDataHasWhatTheReportMustCount();
        aPrivateMonitorIsAsAbsentAsAnUnknownOne();
    }

    /** The histogram's percentile is its bucket's middle: within 4.9 % of the exact nearest-rank value. */
    private static void within(Duration exact, Duration read, String what) {
        double error = Math.abs(read.toNanos() - exact.toNanos()) / (double) exact.toNanos();
        assertTrue(error <= 0.049, what + ": " + read + " vs exact " + exact);
    }

    /** Guards against a vacuous pass: the seeded checks hold everything the report must count. */
    private void theDataHasWhatTheReportMustCount() {
        ReportPeriod all = new ReportPeriod(Instant.parse("2026-03-11T00:00:00Z"), Instant.parse("2026-03-14T18:00:00Z"));
        ServiceSla api = reports.page(all).services().getFirst();
        assertTrue(api.totals().failures() > 0 && api.totals().errors() > 0 && api.totals().maintenance() > 0
                && api.totals().degraded() > 0 && api.downtime().toMillis() > 0, api.totals().toString());
        assertFalse(api.incidents().isEmpty(), "outages opened incidents");
        assertTrue(api.uptimeCountingMaintenance().orElseThrow() < api.uptime().orElseThrow());
    }

    private void aPrivateMonitorIsAsAbsentAsAnUnknownOne() {
        ReportPeriod period = periods().getFirst();
        assertTrue(reports.service(SECRET.id(), period).isEmpty());
        assertTrue(reports.service(MonitorId.of("nothing"), period).isEmpty());
        SlaReport report = reports.page(period);
        assertTrue(report.incidents().stream().noneMatch(span -> span.incident().affects(SECRET.id())));
        assertEquals(report.incidents().stream().map(span -> span.incident().id()).distinct().count(),
                report.incidents().size());
        assertTrue(reports.service(API.id(), period).orElseThrow().services().size() == 1);
    }

    @Test
    void exportsStreamExactlyWhatTheListReadsReturn() {
        Instant from = Instant.parse("2026-03-11T09:17:31Z");
        Instant to = Instant.parse("2026-03-14T16:43:00Z");
        for (Monitor monitor : MONITORS) {
            List<Sample> streamed = new ArrayList<>();
            long handed = samples.forEachBetween(monitor.id(), from, to, streamed::add);
            List<Sample> listed = samples.between(monitor.id(), from, to, Integer.MAX_VALUE);
            assertEquals(listed.size(), handed);
            assertEquals(listed, streamed, monitor.id() + ": samples, packed and raw, in order");
            for (RollupTier tier : RollupTier.values()) {
                List<Rollup> rows = new ArrayList<>();
                long count = rollups.forEachInSeries(monitor.id(), tier, tier.floor(from), to, rows::add);
                List<Rollup> series = rollups.series(monitor.id(), tier, tier.floor(from), to);
                assertEquals(series.size(), count);
                assertEquals(series, rows, monitor.id() + " " + tier.wireName());
            }
        }
        assertEquals(0, samples.forEachBetween(MonitorId.of("nothing"), from, to, s -> {
            throw new AssertionError("no samples");
        }));
    }
}
