package dev.upwatch.core.report;

import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.ErrorBudget;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.SlaTarget;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.rule.UptimeCalculator;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.core.service.PublicIncidentQuery;
import dev.upwatch.core.service.PublicStatusQuery;
import dev.upwatch.core.service.RollupRetention;
import dev.upwatch.core.service.StatusService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SlaReports} periods and refusals, and the SLA arithmetic of {@link UptimeCalculator}. */
class SlaReportsTest {
    private static final Instant NOW = Instant.parse("2026-03-14T18:20:30Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Monitor API = Monitor.builder(MonitorId.of("api"), "API",
            new ProbeSpec("tcp", ProbeSettings.empty())).sla(SlaTarget.parse("99.9")).build();

    private final InMemoryRollupStore rollups = new InMemoryRollupStore();
    private final StatusService status = new StatusService(CLOCK, new InMemorySampleStore(), rollups);

    private SlaReports reports(RollupRetention retention) {
        PublicStatusQuery visible = new PublicStatusQuery(status);
        return new SlaReports(visible, new PublicIncidentQuery(new IncidentService(CLOCK, new InMemoryIncidentStore(),
                List.of(), List.of()), visible), rollups, retention, CLOCK);
    }

    @ParameterizedTest(name = "{0} .. {1}: {2} {3}")
    @CsvSource({
            // minute rollups are kept 48 h by default: a start at 09:17 three days back needs them
            "2026-03-11T09:17:00Z, 2026-03-14T00:00:00Z, from, whole hour",
            "2026-03-11T00:00:00Z, 2026-03-11T09:17:00Z, to, whole hour",
            // hour rollups 90 days: a start inside a day four months back needs them
            "2025-11-10T05:00:00Z, 2026-01-01T00:00:00Z, from, whole UTC day",
            // day rollups 730 days
            "2020-01-01T00:00:00Z, 2026-01-01T00:00:00Z, from, must not start before",
            "2026-03-15T00:00:00Z, 2026-03-16T00:00:00Z, from, future",
    })
    void periodsTheRollupsCannotAnswerExactlyAreRefusedNamingTheParameter(Instant from, Instant to, String parameter,
                                                                          String says) {
        ReportRangeException refused = assertThrows(ReportRangeException.class, () -> reports(RollupRetention.defaults())
                .page(new ReportPeriod(from, to)));
        assertEquals(parameter, refused.parameter());
        assertTrue(refused.problem().contains(says), refused.problem());
    }

    @Test
    void periodsAreWholeMinutesAndEndWithTheCurrentMinute() {
        assertEquals("from", assertThrows(ReportRangeException.class, () -> new ReportPeriod(
                Instant.parse("2026-03-01T00:00:30Z"), NOW)).parameter());
        assertEquals("to", assertThrows(ReportRangeException.class, () -> new ReportPeriod(
                Instant.parse("2026-03-01T00:00:00Z"), NOW)).parameter());
        assertEquals("from", assertThrows(ReportRangeException.class, () -> new ReportPeriod(
                Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"))).parameter());
        status.track(List.of(API));
        SlaReport march = reports(RollupRetention.defaults()).page(ReportPeriod.month(YearMonth.of(2026, 3)));
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), march.period().from());
        assertEquals(Instant.parse("2026-03-14T18:21:00Z"), march.period().to());
        assertEquals(Instant.parse("2026-04-01T00:00:00Z"), march.requested().to());
        assertTrue(march.services().getFirst().uptime().isEmpty(), "no checks, no uptime");
        assertTrue(march.services().getFirst().errorBudget().isEmpty(), "no checks, nothing met or missed");
    }

    @Test
    void aReportCountsChecksUpToNow() {
        status.track(List.of(API));
        for (int i = 0; i < 1000; i++) {
            status.checked(API, new Sample(API.id(), NOW.minusSeconds(60L * i + 5), Duration.ofMillis(20),
                    i == 3 ? Outcome.FAILURE : Outcome.SUCCESS, Optional.empty(), List.of()));
        }
        status.flushRollups();
        ServiceSla api = reports(RollupRetention.defaults()).page(ReportPeriod.month(YearMonth.of(2026, 3)))
                .services().getFirst();
        assertEquals(1000, api.totals().checks());
        assertEquals(99.9, api.uptime().orElseThrow(), 1e-12);
        ErrorBudget budget = api.errorBudget().orElseThrow();
        assertTrue(budget.met(), "99.9 % of 1,000 checks allows exactly 1 failure");
        assertEquals(0, BigDecimal.ONE.compareTo(budget.allowed()));
        assertEquals(0.0, budget.leftPercent());
    }

    @Test
    void anIncidentOfTheWholePageIsInThePageReportOnlyEvenWithOneService() {
        status.track(List.of(API));
        Incident pageWide = new Incident(IncidentId.of("dns"), Incident.Kind.MANUAL, "DNS trouble", Status.DEGRADED,
                List.of(), NOW.minusSeconds(3_600), Optional.of(NOW.minusSeconds(600)), List.of());
        PublicStatusQuery visible = new PublicStatusQuery(status);
        SlaReports withIncident = new SlaReports(visible, new PublicIncidentQuery(new IncidentService(CLOCK,
                new InMemoryIncidentStore(), List.of(pageWide), List.of()), visible), rollups,
                RollupRetention.defaults(), CLOCK);
        ReportPeriod march = ReportPeriod.month(YearMonth.of(2026, 3));
        SlaReport page = withIncident.page(march);
        assertEquals(List.of("dns"), page.incidents().stream().map(span -> span.incident().id().value()).toList());
        assertEquals(Duration.ofMinutes(50), page.incidentTime());
        assertTrue(withIncident.service(API.id(), march).orElseThrow().incidents().isEmpty());
        assertTrue(page.services().getFirst().incidents().isEmpty(), "it names no service");
    }

    @ParameterizedTest(name = "{0} successes, {1} failures against {2}: met {3}, {4} % left")
    @CsvSource({
            "999, 1, 99.9, true, 0.00",
            "998, 2, 99.9, false, -100.00",
            "1000, 0, 99.9, true, 100.00",
            "3, 1, 50, true, 50.00",
            "9999, 1, 99.99, true, 0.00",
            "19997, 3, 99.99, false, -50.00",
    })
    void metIsDecidedExactlyInDecimals(long successes, long failures, String target, boolean met, double left) {
        ErrorBudget budget = UptimeCalculator.errorBudget(new CheckCounts(successes, failures, 0),
                SlaTarget.parse(target)).orElseThrow();
        assertEquals(met, budget.met());
        assertEquals(left, budget.leftPercent(), 1e-9);
    }

    @ParameterizedTest
    @CsvSource({"0", "100", "100.0", "-1", "abc", "1e400"})
    void targetsOutsideTheRangeAreRefused(String text) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SlaTarget.parse(text));
        assertTrue(refused.getMessage().contains(SlaTarget.RANGE), refused.getMessage());
    }

    @Test
    void targetsKeepTheDecimalWritten() {
        assertEquals("99.9", SlaTarget.parse("99.90").text());
        assertEquals("99", SlaTarget.parse("99").text());
        assertEquals(0, new BigDecimal("0.1").compareTo(SlaTarget.parse("99.9").budgetPercent()));
    }
}
