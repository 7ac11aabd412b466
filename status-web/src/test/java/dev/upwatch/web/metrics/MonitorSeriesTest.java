package dev.upwatch.web.metrics;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.model.Visibility;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.model.ProbeSpec;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-monitor series built at scrape time from a snapshot (a fake of the engine's {@link StatusQuery}). */
class MonitorSeriesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2027-01-31T23:59:59Z");
    private static final ProbeSpec TLS = ProbeSpec.of("tls", Map.of("host", "127.0.0.1", "port", "8443"));

    private final SnapshotQuery engine = new SnapshotQuery();
    private final CheckTally tally = new CheckTally();

    /** The engine's read side, answering with whatever snapshot the test put in. */
    private static final class SnapshotQuery implements StatusQuery {
        private volatile StatusSnapshot snapshot = new StatusSnapshot(NOW, Status.UNKNOWN, List.of());

        void show(ServiceStatus... services) {
            snapshot = new StatusSnapshot(NOW, Status.UP, List.of(services));
        }

        @Override
        public StatusSnapshot snapshot() {
            return snapshot;
        }

        @Override
        public Optional<ServiceStatus> service(MonitorId id) {
            return snapshot.services().stream().filter(s -> s.monitor().id().equals(id)).findFirst();
        }

        @Override
        public List<Sample> recentSamples(MonitorId id, int limit) {
            return List.of();
        }

        @Override
        public List<Rollup> rollups(MonitorId id, RollupTier tier, Instant from, Instant to) {
            return List.of();
        }
    }

    private static Monitor monitor(String id, ProbeSpec probe, Visibility visibility) {
        return Monitor.builder(MonitorId.of(id), id.toUpperCase(java.util.Locale.ROOT), probe).group("Edge")
                .visibility(visibility).build();
    }

    private static ServiceStatus service(Monitor monitor, Status status, Map<UptimeWindow, CheckCounts> counts) {
        return new ServiceStatus(monitor, status, NOW, Optional.empty(), List.of(), counts, List.of());
    }

    private static Sample sample(Monitor monitor, Outcome outcome, Optional<Instant> notAfter) {
        return new Sample(monitor.id(), NOW, Duration.ofMillis(42), outcome, Optional.empty(), List.of(), notAfter);
    }

    /** The data points of family {@code name}, keyed by their labels ({@code group=Edge,monitor=a,window=24h}). */
    private static Map<String, Double> points(MetricSnapshots scrape, String name) {
        MetricSnapshot family = scrape.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name));
        Map<String, Double> points = new TreeMap<>();
        for (DataPointSnapshot point : family.getDataPoints()) {
            String labels = point.getLabels().stream().map(l -> l.getName() + "=" + l.getValue())
                    .collect(Collectors.joining(","));
            points.put(labels, switch (point) {
                case GaugeSnapshot.GaugeDataPointSnapshot gauge -> gauge.getValue();
                case CounterSnapshot.CounterDataPointSnapshot counter -> counter.getValue();
                default -> throw new AssertionError("unexpected point " + point);
            });
        }
        return points;
    }

    @ParameterizedTest(name = "{0} successes, {1} failures, {2} errors → {3}")
    @CsvSource(nullValues = "none", textBlock = """
            # successes | failures | errors | ratio: none = no sample (not 0, not 1)
              0         | 0        | 0      | none
              0         | 0        | 7      | none
              3         | 1        | 2      | 0.75
              0         | 4        | 0      | 0.0
              5         | 0        | 0      | 1.0
            """, delimiter = '|')
    void uptimeIsTheShareOfDecisiveChecksAndAbsentWithoutAny(long successes, long failures, long errors, Double ratio) {
        Monitor monitor = monitor("a", TLS, Visibility.PUBLIC);
        engine.show(service(monitor, Status.UP, Map.of(UptimeWindow.H24, new CheckCounts(successes, failures, errors))));
        Map<String, Double> uptime = points(new MonitorSeries(UpwatchMetrics.Audience.OPERATORS, engine, tally).collect(),
                "upwatch_monitor_uptime_ratio");
        assertEquals(ratio == null ? Map.of() : Map.of("group=Edge,monitor=a,window=24h", ratio), uptime,
                "7d and 30d had no checks at all, so they have no sample either");
    }

    @Test
    void everyExposedWindowIsASeriesLabelledAsOnThePage() {
        Monitor monitor = monitor("a", TLS, Visibility.PUBLIC);
        CheckCounts counts = new CheckCounts(9, 1, 0);
        engine.show(service(monitor, Status.UP, Map.of(UptimeWindow.H24, counts, UptimeWindow.D7, counts,
                UptimeWindow.D30, counts, UptimeWindow.D90, counts, UptimeWindow.Y365, counts)));
        assertEquals(Map.of("group=Edge,monitor=a,window=24h", 0.9, "group=Edge,monitor=a,window=7d", 0.9,
                        "group=Edge,monitor=a,window=30d", 0.9),
                points(new MonitorSeries(UpwatchMetrics.Audience.OPERATORS, engine, tally).collect(),
                        "upwatch_monitor_uptime_ratio"), "24h, 7d and 30d only; 90d and 365d are in the API");
    }

    @Test
    void certificateExpiryIsTheLatestSeenAndOutlivesFailedChecksButNotAChangedProbe() {
        Monitor monitor = monitor("a", TLS, Visibility.PUBLIC);
        engine.show(service(monitor, Status.UP, Map.of()));
        MonitorSeries series = new MonitorSeries(UpwatchMetrics.Audience.OPERATORS, engine, tally);
        assertEquals(Map.of(), points(series.collect(), "upwatch_monitor_certificate_expiry_timestamp_seconds"),
                "no sample before a check saw a certificate");

        tally.record(monitor, sample(monitor, Outcome.SUCCESS, Optional.of(NOT_AFTER)));
        tally.record(monitor, sample(monitor, Outcome.FAILURE, Optional.empty()));
        assertEquals(Map.of("group=Edge,monitor=a", NOT_AFTER.getEpochSecond() * 1.0),
                points(series.collect(), "upwatch_monitor_certificate_expiry_timestamp_seconds"),
                "seconds since the epoch, kept while the target does not answer");

        Monitor plain = Monitor.builder(monitor.id(), "A", ProbeSpec.of("tcp", Map.of("host", "127.0.0.1", "port", "80")))
                .group("Edge").build();
        engine.show(service(plain, Status.UP, Map.of()));
        assertEquals(Map.of(), points(series.collect(), "upwatch_monitor_certificate_expiry_timestamp_seconds"),
                "a monitor that now probes something else says nothing of the old certificate");
    }

    @Test
    void checksCountEveryOutcomeFromZeroAndForgetDeletedMonitors() {
        Monitor monitor = monitor("a", TLS, Visibility.PUBLIC);
        engine.show(service(monitor, Status.DOWN, Map.of()));
        MonitorSeries series = new MonitorSeries(UpwatchMetrics.Audience.OPERATORS, engine, tally);
        tally.record(monitor, sample(monitor, Outcome.FAILURE, Optional.empty()));
        tally.record(monitor, sample(monitor, Outcome.FAILURE, Optional.empty()));
        tally.record(monitor, sample(monitor, Outcome.BLOCKED, Optional.empty()));
        assertEquals(Map.of("group=Edge,monitor=a,outcome=blocked", 1.0, "group=Edge,monitor=a,outcome=error", 0.0,
                        "group=Edge,monitor=a,outcome=failure", 2.0, "group=Edge,monitor=a,outcome=success", 0.0),
                points(series.collect(), "upwatch_checks"));
        assertEquals(Map.of("group=Edge,monitor=a", 4.0), points(series.collect(), "upwatch_monitor_status"));
        assertEquals(Map.of("group=Edge,monitor=a", 0.0), points(series.collect(), "upwatch_monitor_up"));

        engine.show();
        assertEquals(Map.of(), points(series.collect(), "upwatch_checks"), "a deleted monitor has no series");
        engine.show(service(monitor, Status.UNKNOWN, Map.of()));
        assertEquals(0.0, points(series.collect(), "upwatch_checks").get("group=Edge,monitor=a,outcome=failure"),
                "a monitor created again under the same id counts from zero");
    }

    @Test
    void thePublicAudienceGetsNoSeriesOfAPrivateMonitor() {
        Monitor shown = monitor("shown", TLS, Visibility.PUBLIC);
        Monitor covert = monitor("covert", TLS, Visibility.PRIVATE);
        CheckCounts counts = new CheckCounts(1, 0, 0);
        engine.show(service(shown, Status.UP, Map.of(UptimeWindow.H24, counts)),
                service(covert, Status.UP, Map.of(UptimeWindow.H24, counts)));
        for (Monitor monitor : List.of(shown, covert)) {
            tally.record(monitor, sample(monitor, Outcome.SUCCESS, Optional.of(NOT_AFTER)));
        }
        MetricSnapshots open = new MonitorSeries(UpwatchMetrics.Audience.PUBLIC, engine, tally).collect();
        MetricSnapshots behindToken = new MonitorSeries(UpwatchMetrics.Audience.OPERATORS, engine, tally).collect();
        for (MetricSnapshot family : open) {
            String name = family.getMetadata().getName();
            assertTrue(family.getDataPoints().stream().noneMatch(p -> p.getLabels().get("monitor").equals("covert")),
                    name + " names the private monitor");
            assertTrue(points(open, name).keySet().stream().anyMatch(labels -> labels.contains("monitor=shown")),
                    name + " has the public monitor");
            assertTrue(points(behindToken, name).keySet().stream().anyMatch(labels -> labels.contains("monitor=covert")),
                    name + " behind a token names the private monitor too");
        }
        assertEquals(6, open.size(), "status, up, response time, certificate expiry, uptime, checks");
    }

    @Test
    void labelsAreTheIdAndGroupNeverTheDisplayName() {
        Monitor monitor = monitor("a", TLS, Visibility.PUBLIC);
        engine.show(service(monitor, Status.UP, Map.of()));
        MetricSnapshots scrape = new MonitorSeries(UpwatchMetrics.Audience.OPERATORS, engine, tally).collect();
        assertEquals(List.of("group", "monitor"), scrape.stream()
                .filter(s -> s.getMetadata().getName().equals("upwatch_monitor_status"))
                .flatMap(s -> s.getDataPoints().stream()).flatMap(p -> p.getLabels().stream()).map(Label::getName).toList());
        assertTrue(Double.isNaN(points(scrape, "upwatch_monitor_response_time_seconds").get("group=Edge,monitor=a")),
                "no check yet: NaN, as before");
    }
}
