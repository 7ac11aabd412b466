package dev.upwatch.persistence;

import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link SampleStore} on a real database must do; each subclass runs it against one database product,
 * with a fresh, empty, migrated database per test.
 */
abstract class SampleStoreContract extends FreshDatabaseTest {
    static final MonitorId API = MonitorId.of("api");
    static final MonitorId WEB = MonitorId.of("web");
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00Z");

    protected SampleStore store;

    @BeforeEach
    void openStore() {
        store = storeUnderTest();
    }

    /** The store the contract checks: the database's own, unless a subclass picks another write method. */
    protected SampleStore storeUnderTest() {
        return database.sampleStore();
    }

    @Test
    void roundTripsTimingPhasesInTheirOrderToTheMicrosecond() {
        Map<String, Duration> http = new LinkedHashMap<>();
        http.put("dns", Duration.ofNanos(1_234_999));
        http.put("connect", Duration.ofMillis(3));
        http.put("tls", Duration.ZERO);
        http.put("firstByte", Duration.ofSeconds(70));
        http.put("transfer", Duration.ofNanos(999));
        Map<String, Duration> custom = new LinkedHashMap<>();
        custom.put("connect", Duration.ofMillis(1));
        custom.put("handshake-ü", Duration.ofMillis(2));
        custom.put("query", Duration.ofHours(30));
        Sample withHttpPhases = new Sample(API, NOON, Duration.ofMillis(70_004), Outcome.SUCCESS, Optional.empty(),
                List.of(), Optional.empty(), http);
        Sample withOtherPhases = new Sample(API, NOON.plusSeconds(1), Duration.ofMillis(3), Outcome.SUCCESS,
                Optional.empty(), List.of(), Optional.empty(), custom);
        Sample withoutPhases = new Sample(API, NOON.plusSeconds(2), Duration.ZERO, Outcome.ERROR, Optional.of("e"),
                List.of());

        store.append(List.of(withHttpPhases, withOtherPhases, withoutPhases));

        List<Sample> stored = store.between(API, NOON, NOON.plusSeconds(3), 10);
        Map<String, Duration> httpMicros = new LinkedHashMap<>(http);
        httpMicros.put("dns", Duration.ofNanos(1_234_000));
        httpMicros.put("transfer", Duration.ZERO);
        assertEquals(List.copyOf(httpMicros.entrySet()), List.copyOf(stored.get(0).phases().entrySet()));
        assertEquals(List.copyOf(custom.entrySet()), List.copyOf(stored.get(1).phases().entrySet()));
        assertEquals(Map.of(), stored.get(2).phases());
    }

    // ---- round trip --------------------------------------------------------------------------------------------

    @Test
    void roundTripsEveryField() {
        Sample failed = new Sample(API, Instant.parse("2026-03-14T12:00:00.123456Z"), Duration.ofNanos(1_234_567_000),
                Outcome.FAILURE, Optional.of("connect: \"refused\" ; it's 'down' — Zoë ✓ 🚀\n\tline 2 \\ %_"),
                List.of(
                        new ConditionResult("[STATUS] == 200", "[STATUS] (503) == 200", false),
                        new ConditionResult("[BODY].name == \"Zoë 🚀\"", "[BODY].name (\"x:+-3:\") == \"Zoë 🚀\"", true),
                        new ConditionResult("", "", false),
                        new ConditionResult("12:+-", "5:ab+3:-:", true),
                        new ConditionResult("a;b,c|d\u0001\r\n", "日本語 ≤ 300ms", false)));
        Sample succeeded = new Sample(API, Instant.parse("2026-03-14T12:00:01Z"), Duration.ZERO, Outcome.SUCCESS,
                Optional.empty(), List.of());

        store.append(List.of(failed, succeeded));

        assertEquals(List.of(succeeded, failed), store.recent(API, 10));
    }

    /**
     * True when the store keeps each sample's location: a store a cluster shares. The embedded store serves one
     * process, which judges from no location (a cluster refuses H2), so its journal keeps none.
     */
    protected boolean keepsLocations() {
        return true;
    }

    @Test
    void keepsTheLocationThatTookEachCheckAndFiltersByIt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(keepsLocations(), "a single-process store keeps no location");
        Sample alone = new Sample(API, NOON, Duration.ofMillis(5), Outcome.SUCCESS, Optional.empty(), List.of());
        Sample fra = new Sample(API, NOON.plusSeconds(1), Duration.ofMillis(12), Outcome.SUCCESS, Optional.empty(),
                List.of()).from(Location.of("fra"));
        Sample nyc = new Sample(API, NOON.plusSeconds(2), Duration.ofMillis(80), Outcome.FAILURE,
                Optional.of("blocked by the egress policy of nyc: 127.0.0.2 is a loopback address"), List.of())
                .from(Location.of("nyc"));
        Sample fraLater = new Sample(API, NOON.plusSeconds(3), Duration.ofMillis(14), Outcome.SUCCESS,
                Optional.empty(), List.of()).from(Location.of("fra"));

        store.append(List.of(alone, fra, nyc, fraLater));

        assertEquals(List.of(fraLater, nyc, fra, alone), store.recent(API, 10));
        assertEquals(List.of(fra, fraLater), store.between(API, Location.of("fra"), NOON, NOON.plusSeconds(10), 10));
        assertEquals(List.of(fra), store.between(API, Location.of("fra"), NOON, NOON.plusSeconds(10), 1));
        assertEquals(List.of(nyc), store.between(API, Location.of("nyc"), NOON, NOON.plusSeconds(10), 10));
        assertEquals(List.of(), store.between(API, Location.of("sgp"), NOON, NOON.plusSeconds(10), 10));
    }

    @Test
    void aBlockedCheckReadsBackAsBlockedAndAnErrorAsError() {
        Sample blocked = new Sample(API, Instant.parse("2026-03-14T12:00:00Z"), Duration.ZERO, Outcome.BLOCKED,
                Optional.of(EgressPolicy.BLOCKED_PREFIX + "10.0.0.5 is a private address (RFC 1918)"), List.of());
        Sample error = new Sample(API, Instant.parse("2026-03-14T12:00:01Z"), Duration.ZERO, Outcome.ERROR,
                Optional.of("probe executor refused it"), List.of());

        store.append(List.of(blocked, error));

        assertEquals(List.of(error, blocked), store.recent(API, 5));
    }

    @Test
    void keepsInstantsAndDurationsToTheMicrosecondAndTruncatesFinerParts() {
        Instant startedAt = Instant.parse("2026-03-14T12:00:00.123456789Z");
        Sample sample = new Sample(API, startedAt, Duration.ofNanos(987_654_321), Outcome.SUCCESS, Optional.empty(),
                List.of());

        store.append(List.of(sample));

        Sample stored = store.recent(API, 1).getFirst();
        assertEquals(Instant.parse("2026-03-14T12:00:00.123456Z"), stored.startedAt());
        assertEquals(Duration.ofNanos(987_654_000), stored.responseTime());
    }

    @Test
    void keepsLongDurationsAndInstantsFarFromNow() {
        Sample old = new Sample(API, Instant.parse("1970-01-01T00:00:00Z"), Duration.ofHours(30), Outcome.ERROR,
                Optional.of("e"), List.of());
        Sample future = new Sample(API, Instant.parse("2999-12-31T23:59:59.999999Z"), Duration.ofNanos(1_000),
                Outcome.SUCCESS, Optional.empty(), List.of());

        store.append(List.of(old, future));

        assertEquals(List.of(future, old), store.recent(API, 5));
    }

    @Test
    void cutsOverlongErrorsAndReplacesNul() {
        String longError = "x".repeat(JooqSampleStore.ERROR_MAX_CHARS - 1) + "🚀" + "tail";
        Sample overlong = sample(API, NOON, Outcome.FAILURE, longError);
        Sample withNul = new Sample(API, NOON.plusSeconds(1), Duration.ZERO, Outcome.FAILURE, Optional.of("a\0b"),
                List.of(new ConditionResult("[BODY] == \0", "[BODY] (\0\0) == \0", false)));

        store.append(List.of(overlong, withNul));

        List<Sample> stored = store.recent(API, 2);
        assertEquals(Optional.of("a\uFFFDb"), stored.get(0).error());
        assertEquals(List.of(new ConditionResult("[BODY] == \uFFFD", "[BODY] (\uFFFD\uFFFD) == \uFFFD", false)),
                stored.get(0).conditionResults());
        // The emoji's two UTF-16 units straddle the limit: it is dropped whole rather than split.
        assertEquals(Optional.of("x".repeat(JooqSampleStore.ERROR_MAX_CHARS - 1)), stored.get(1).error());
    }

    // ---- recent ------------------------------------------------------------------------------------------------

    @Test
    void recentIsNewestFirstAndAtMostTheLimit() {
        List<Sample> samples = new ArrayList<>(IntStream.range(0, 10)
                .mapToObj(i -> sample(API, NOON.plusSeconds(i), Outcome.SUCCESS)).toList());
        List<Sample> shuffled = new ArrayList<>(samples);
        Collections.shuffle(shuffled, new Random(42));

        store.append(shuffled);

        assertEquals(List.of(samples.get(9), samples.get(8), samples.get(7)), store.recent(API, 3));
        assertEquals(samples.reversed(), store.recent(API, 100));
        assertEquals(List.of(), store.recent(API, 0));
        assertThrows(IllegalArgumentException.class, () -> store.recent(API, -1));
    }

    /** A start reads every monitor's newest samples at once: the same as asking each, over more than one chunk. */
    @Test
    void recentOfEachIsWhatRecentGivesForEveryMonitor() {
        List<MonitorId> monitors = IntStream.range(0, JooqSampleStore.EACH_CHUNK + 20)
                .mapToObj(i -> MonitorId.of("monitor-" + i)).toList();
        List<Sample> batch = new ArrayList<>();
        for (int m = 0; m < monitors.size(); m++) {
            for (int i = 0; i <= m % 7; i++) {
                batch.add(sample(monitors.get(m), NOON.plusSeconds(i * 10L + m % 3),
                        i % 2 == 0 ? Outcome.SUCCESS : Outcome.FAILURE));
            }
        }
        store.append(batch);
        List<MonitorId> asked = new ArrayList<>(monitors);
        asked.add(MonitorId.of("never-seen"));

        for (int limit : List.of(0, 1, 3, 7, 60)) {
            Map<MonitorId, List<Sample>> each = store.recentOfEach(asked, limit);
            assertEquals(asked, List.copyOf(each.keySet()), "limit " + limit);
            for (MonitorId monitor : asked) {
                assertEquals(store.recent(monitor, limit), each.get(monitor), monitor + ", limit " + limit);
            }
        }
        assertEquals(Map.of(), store.recentOfEach(List.of(), 10));
        assertThrows(IllegalArgumentException.class, () -> store.recentOfEach(List.of(API), -1));
    }

    /** Samples sharing a start at the limit's edge: still at most the limit, newest first. */
    @Test
    void recentOfEachCutsEqualStartsAtTheLimit() {
        store.append(List.of(sample(API, NOON, Outcome.SUCCESS), sample(API, NOON.plusSeconds(1), Outcome.FAILURE),
                sample(API, NOON.plusSeconds(1), Outcome.SUCCESS), sample(API, NOON.plusSeconds(2), Outcome.SUCCESS)));

        List<Sample> two = store.recentOfEach(List.of(API), 2).get(API);

        assertEquals(List.of(NOON.plusSeconds(2), NOON.plusSeconds(1)), startsOf(two));
    }

    @Test
    void betweenIsOldestFirstHalfOpenAndAtMostTheLimit() {
        List<Sample> samples = new ArrayList<>(IntStream.range(0, 10)
                .mapToObj(i -> sample(API, NOON.plusSeconds(i), Outcome.SUCCESS)).toList());
        List<Sample> shuffled = new ArrayList<>(samples);
        Collections.shuffle(shuffled, new Random(7));
        store.append(shuffled);
        store.append(List.of(sample(WEB, NOON.plusSeconds(3), Outcome.SUCCESS)));

        assertEquals(samples.subList(2, 7), store.between(API, NOON.plusSeconds(2), NOON.plusSeconds(7), 100));
        assertEquals(samples.subList(2, 4), store.between(API, NOON.plusSeconds(2), NOON.plusSeconds(7), 2));
        assertEquals(List.of(), store.between(API, NOON.plusSeconds(2), NOON.plusSeconds(7), 0));
        assertEquals(List.of(), store.between(MonitorId.of("nobody"), NOON, NOON.plusSeconds(60), 10));
        assertThrows(IllegalArgumentException.class, () -> store.between(API, NOON, NOON, -1));
    }

    @Test
    void recentOfAnUnknownMonitorIsEmpty() {
        store.append(List.of(sample(API, NOON, Outcome.SUCCESS)));

        assertEquals(List.of(), store.recent(MonitorId.of("never-seen"), 10));
    }

    @Test
    void keepsManyMonitorsApart() {
        List<MonitorId> monitors = IntStream.range(0, 25).mapToObj(i -> MonitorId.of("monitor-" + i)).toList();
        List<Sample> batch = new ArrayList<>();
        for (int m = 0; m < monitors.size(); m++) {
            for (int i = 0; i <= m; i++) {
                batch.add(sample(monitors.get(m), NOON.plusSeconds(i), i % 2 == 0 ? Outcome.SUCCESS : Outcome.FAILURE));
            }
        }

        store.append(batch);

        for (int m = 0; m < monitors.size(); m++) {
            List<Sample> recent = store.recent(monitors.get(m), 1000);
            assertEquals(m + 1, recent.size(), monitors.get(m).value());
            MonitorId expected = monitors.get(m);
            assertTrue(recent.stream().allMatch(s -> s.monitorId().equals(expected)));
        }
        assertEquals(List.of(Outcome.FAILURE, Outcome.SUCCESS, Outcome.FAILURE, Outcome.SUCCESS),
                store.recent(MonitorId.of("monitor-3"), 10).stream().map(Sample::outcome).toList());
    }

    @Test
    void instantsDoNotDependOnTheTimeZoneOfTheJvmOrSession() {
        store.append(List.of(
                sample(API, Instant.parse("2026-03-14T23:30:00Z"), Outcome.SUCCESS),
                sample(API, Instant.parse("2026-03-15T00:30:00Z"), Outcome.FAILURE)));
        TimeZone original = TimeZone.getDefault();
        try {
            for (String zone : List.of("Pacific/Kiritimati", "Pacific/Honolulu", "Asia/Kolkata")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                // New connections take the JVM zone as their session zone (pgjdbc and H2 both do).
                try (Database reopened = Database.open(settings)) {
                    assertEquals(List.of(Instant.parse("2026-03-15T00:30:00Z"), Instant.parse("2026-03-14T23:30:00Z")),
                            reopened.sampleStore().recent(API, 5).stream().map(Sample::startedAt).toList(), zone);
                }
            }
        } finally {
            TimeZone.setDefault(original);
        }
    }

    // ---- append ------------------------------------------------------------------------------------------------

    @Test
    void appendOfNothingStoresNothing() {
        store.append(List.of());

        assertEquals(0, DirectJdbc.storedSamples(settings));
        assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from monitor"));
    }

    @Test
    void appendsALargeBatch() {
        int size = 5_000;
        List<MonitorId> monitors = IntStream.range(0, 50).mapToObj(i -> MonitorId.of("bulk-" + i)).toList();
        List<Sample> batch = IntStream.range(0, size)
                .mapToObj(i -> sample(monitors.get(i % monitors.size()), NOON.plusMillis(i),
                        i % 10 == 0 ? Outcome.FAILURE : Outcome.SUCCESS))
                .toList();

        long started = System.nanoTime();
        store.append(batch);
        long micros = (System.nanoTime() - started) / 1_000;
        System.out.printf("%s: appended %,d samples in %,d ms%n", getClass().getSimpleName(), size, micros / 1_000);

        assertEquals(size, DirectJdbc.storedSamples(settings));
        assertEquals(500, monitors.stream().mapToLong(id -> store.recent(id, size).stream()
                .filter(sample -> sample.outcome() == Outcome.FAILURE).count()).sum());
        List<Sample> recent = store.recent(monitors.get(0), 100);
        assertEquals(100, recent.size());
        assertEquals(NOON.plusMillis(size - monitors.size()), recent.getFirst().startedAt());
    }

    @Test
    void aBatchIsStoredWholeOrNotAtAll() {
        // A constraint added for this test only: rejects one sample in the middle of the batch.
        // On H2 the batch is one journal row: the constraint refuses that row (4 samples) instead.
        boolean journal = settings.vendor() == Vendor.H2;
        DirectJdbc.execute(settings, journal
                ? "alter table sample_journal add constraint poison_ck check (sample_count <> 4)"
                : "alter table sample add constraint poison_ck check (response_time_us <> 999)");
        Sample poison = new Sample(API, NOON.plusSeconds(2), Duration.ofNanos(999_000), Outcome.SUCCESS,
                Optional.empty(), List.of());
        List<Sample> batch = List.of(sample(API, NOON, Outcome.SUCCESS), sample(WEB, NOON.plusSeconds(1), Outcome.SUCCESS),
                poison, sample(API, NOON.plusSeconds(3), Outcome.SUCCESS));

        assertThrows(RuntimeException.class, () -> store.append(batch));
        assertEquals(0, DirectJdbc.storedSamples(settings));

        DirectJdbc.execute(settings, "alter table " + (journal ? "sample_journal" : "sample")
                + " drop constraint poison_ck");
        store.append(batch);
        assertEquals(4, DirectJdbc.storedSamples(settings));
        assertEquals(3, store.recent(API, 10).size());
    }

    @Test
    void concurrentAppendsCreateEachMonitorOnce() throws Exception {
        int threads = 8;
        int batchesPerThread = 15;
        List<MonitorId> monitors = IntStream.range(0, 12).mapToObj(i -> MonitorId.of("race-" + i)).toList();
        // A second Database on the same data has its own key cache, so the race reaches the database too.
        try (Database second = Database.open(settings);
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SampleStore target = t % 2 == 0 ? store : second.sampleStore();
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int b = 0; b < batchesPerThread; b++) {
                        List<MonitorId> order = new ArrayList<>(monitors);
                        Collections.shuffle(order, new Random(thread * 1000L + b));
                        Instant at = NOON.plusSeconds(thread * 1000L + b);
                        target.append(order.stream().map(id -> sample(id, at, Outcome.SUCCESS)).toList());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        }

        assertEquals(monitors.size(), DirectJdbc.queryLong(settings, "select count(*) from monitor"));
        for (MonitorId id : monitors) {
            assertEquals(threads * batchesPerThread, store.recent(id, 1000).size(), id.value());
        }
    }

    // ---- packed samples ----------------------------------------------------------------------------------------

    /** Samples of closed days, packed by the maintenance, read back exactly as they were written. */
    @Test
    void packedSamplesReadBackLikeRawOnesWithErrorsConditionsPhasesAndEqualStarts() {
        List<Sample> written = variedSamples(API, Instant.parse("2026-03-12T22:00:00Z"), NOON.plusSeconds(3_600));
        store.append(written);
        store.append(variedSamples(WEB, Instant.parse("2026-03-13T00:00:00Z"), NOON));
        List<Sample> newestFirst = store.recent(API, 10_000);

        SampleMaintenance.Result result = database.sampleMaintenance(Duration.ofDays(30), java.time.Clock.systemUTC())
                .runOnce(NOON.plusSeconds(7_200));

        assertTrue(result.samplesPacked() > 0, result.toString());
        assertEquals(0, DirectJdbc.queryLong(settings,
                "select count(*) from sample where started_at < timestamp with time zone '2026-03-14 00:00:00+00'"));
        assertEquals(inStartOrder(written), inStartOrder(store.between(API, Instant.EPOCH, NOON.plusSeconds(7_200),
                10_000)));
        assertEquals(inStartOrder(newestFirst), inStartOrder(store.recent(API, 10_000)));
        for (int limit : List.of(1, 2, 3, 50, 151)) {
            assertEquals(startsOf(newestFirst.subList(0, limit)), startsOf(store.recent(API, limit)), "limit " + limit);
        }
        List<Sample> webNewestFirst = store.recent(WEB, 10_000);
        for (int limit : List.of(1, 2, 3, 50, 151, 10_000)) {
            Map<MonitorId, List<Sample>> each = store.recentOfEach(List.of(API, WEB), limit);
            assertEquals(startsOf(newestFirst.subList(0, Math.min(limit, newestFirst.size()))), startsOf(each.get(API)),
                    "limit " + limit);
            assertEquals(startsOf(webNewestFirst.subList(0, Math.min(limit, webNewestFirst.size()))),
                    startsOf(each.get(WEB)), "limit " + limit);
        }
        assertEquals(inStartOrder(newestFirst), inStartOrder(store.recentOfEach(List.of(API), 10_000).get(API)));
        Instant midnight = Instant.parse("2026-03-14T00:00:00Z");
        assertEquals(inStartOrder(written.stream().filter(s -> !s.startedAt().isBefore(midnight.minusSeconds(900))
                        && s.startedAt().isBefore(midnight.plusSeconds(900))).toList()),
                inStartOrder(store.between(API, midnight.minusSeconds(900), midnight.plusSeconds(900), 10_000)));
    }

    /** Paging through a range with a cursor, as the API does, crosses packed hours and raw rows seamlessly. */
    @Test
    void pagesAcrossPackedHoursAndRawRows() {
        List<Sample> written = new ArrayList<>();
        for (Instant at = Instant.parse("2026-03-13T21:00:00.5Z"); at.isBefore(NOON); at = at.plusSeconds(410)) {
            written.add(sample(WEB, at, written.size() % 5 == 0 ? Outcome.FAILURE : Outcome.SUCCESS));
        }
        store.append(written);
        database.sampleMaintenance(Duration.ofDays(30), java.time.Clock.systemUTC()).runOnce(NOON);

        for (int pageSize : List.of(1, 7, 31)) {
            List<Sample> paged = new ArrayList<>();
            Instant cursor = Instant.parse("2026-03-13T20:00:00Z");
            while (true) {
                List<Sample> page = store.between(WEB, cursor, NOON, pageSize);
                paged.addAll(page);
                if (page.size() < pageSize) {
                    break;
                }
                cursor = page.getLast().startedAt().plusNanos(1_000);
            }
            assertEquals(written, paged, "pages of " + pageSize);
        }
        assertEquals(written.reversed().subList(0, 40), store.recent(WEB, 40));
    }

    /** Samples of every kind, roughly every 7 minutes from {@code from} to {@code to}, some with the same start. */
    private static List<Sample> variedSamples(MonitorId id, Instant from, Instant to) {
        Random random = new Random(id.value().hashCode());
        List<Sample> samples = new ArrayList<>();
        Instant at = from;
        while (at.isBefore(to)) {
            int i = samples.size();
            Map<String, Duration> phases = new LinkedHashMap<>();
            if (i % 4 != 0) {
                phases.put("dns", Duration.ofNanos(random.nextInt(1_000_000) * 1_000L));
                phases.put("connect", Duration.ofMillis(random.nextInt(300)));
                if (i % 7 == 0) {
                    phases.put("query-ü", Duration.ofSeconds(random.nextInt(100)));
                }
            }
            Outcome outcome = Outcome.values()[i % 9 < 5 ? 0 : i % Outcome.values().length];
            Optional<String> error = outcome == Outcome.SUCCESS ? Optional.empty()
                    : Optional.of("error " + i + " — Zoë 🚀 " + "x".repeat(random.nextInt(200)));
            List<ConditionResult> conditions = i % 3 == 0 ? List.of() : List.of(
                    new ConditionResult("[STATUS] == 200", "[STATUS] (" + (i % 11 == 0 ? 503 : 200) + ") == 200",
                            i % 11 != 0),
                    new ConditionResult("[BODY] == \"日本語\"", "[BODY] (\"" + i % 2 + "\") == \"日本語\"", true));
            samples.add(new Sample(id, at, Duration.ofNanos(random.nextLong(1L << 40) / 1_000 * 1_000), outcome, error,
                    conditions, Optional.empty(), phases));
            if (i % 10 == 3) {
                continue; // the next sample starts at the same microsecond
            }
            at = at.plusSeconds(random.nextInt(840)).plusNanos(random.nextInt(1_000_000) * 1_000L);
        }
        return samples;
    }

    /** The samples by start and then response time: the order among equal starts is not defined. */
    private static List<Sample> inStartOrder(List<Sample> samples) {
        return samples.stream().sorted(java.util.Comparator.comparing(Sample::startedAt)
                .thenComparing(Sample::responseTime)).toList();
    }

    private static List<Instant> startsOf(List<Sample> samples) {
        return samples.stream().map(Sample::startedAt).toList();
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------------

    @Test
    void dataSurvivesClosingAndReopening() {
        Sample first = sample(API, NOON, Outcome.FAILURE, "timeout after 5s");
        store.append(List.of(first));
        database.close();
        assertFalse(database.isReachable());

        database = Database.open(settings);
        store = storeUnderTest();
        Sample second = sample(API, NOON.plusSeconds(1), Outcome.SUCCESS);
        store.append(List.of(second));

        assertTrue(database.isReachable());
        assertEquals(List.of(second, first), store.recent(API, 10));
        assertEquals(1, DirectJdbc.queryLong(settings, "select count(*) from monitor"));
    }

    // ---- samples -----------------------------------------------------------------------------------------------

    static Sample sample(MonitorId id, Instant startedAt, Outcome outcome) {
        return new Sample(id, startedAt, Duration.ofMillis(42), outcome, Optional.empty(),
                List.of(new ConditionResult("[STATUS] == 200", "[STATUS] (200) == 200", outcome == Outcome.SUCCESS)));
    }

    static Sample sample(MonitorId id, Instant startedAt, Outcome outcome, String error) {
        return new Sample(id, startedAt, Duration.ofMillis(42), outcome, Optional.of(error), List.of());
    }
}
