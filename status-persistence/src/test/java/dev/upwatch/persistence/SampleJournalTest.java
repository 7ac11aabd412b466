package dev.upwatch.persistence;

import dev.upwatch.core.MovableClock;
import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * H2's sample journal: a batch is one row; reads merge journal rows with raw rows and packed blocks through the one
 * read path of {@link JooqSampleStore}; the writer folds the rows of an hour into hour blocks (merging into blocks
 * already there) once the hour has closed and {@link SampleJournal#GRACE} has passed, and day maintenance, opening and
 * closing fold every row, so that nothing is read twice or lost. Crash durability of the journal: {@code SampleDurabilityTest} and {@code RollupCrashTest} (H2 cases).
 */
class SampleJournalTest {
    private static final MonitorId API = MonitorId.of("api");
    private static final MonitorId WEB = MonitorId.of("web");
    private static final Instant NOON = Instant.parse("2026-03-14T12:00:00Z");

    @TempDir
    Path directory;

    @Test
    void aBatchIsOneJournalRowAndReadsBackInStartOrder() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        try (Database database = Database.open(settings, new MovableClock(NOON))) {
            SampleStore store = database.sampleStore();
            List<Sample> written = new ArrayList<>();
            for (int batch = 0; batch < 3; batch++) {
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    samples.add(sample(i % 2 == 0 ? API : WEB, NOON.plusSeconds(batch * 10L + i), i % 5 == 0));
                }
                store.append(samples);
                written.addAll(samples);
            }

            assertEquals(3, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample"));
            assertEquals(30, DirectJdbc.storedSamples(settings));
            List<Sample> api = of(written, API);
            assertEquals(api.reversed(), store.recent(API, 100));
            assertEquals(api.reversed().subList(0, 4), store.recent(API, 4));
            assertEquals(api.subList(2, 7), store.between(API, api.get(2).startedAt(), api.get(7).startedAt(), 100));
            List<Sample> streamed = new ArrayList<>();
            assertEquals(15, store.forEachBetween(API, Instant.EPOCH, NOON.plusSeconds(3_600), streamed::add));
            assertEquals(api, streamed);
        }
    }

    @Test
    void readsMergeTheJournalWithRawRowsAndBlocksAndAFoldMovesEverySampleOnce() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        try (Database database = Database.open(settings, new MovableClock(NOON))) {
            SampleStore store = database.sampleStore();
            SampleStore raw = database.sampleStore(SampleWriteMethod.BATCH);
            SampleJournal journal = database.sampleJournal().orElseThrow();
            List<Sample> written = new ArrayList<>();
            // Every 20 s over two hours, written alternately to the journal (then folded) and as raw rows, and
            // the last ones left in the journal: blocks, raw rows and journal rows interleave in time.
            for (int i = 0; i < 360; i++) {
                Sample sample = sample(API, NOON.plusSeconds(20L * i), i % 7 == 0);
                (i % 3 == 1 ? raw : store).append(List.of(sample));
                written.add(sample);
                if (i == 200) {
                    assertEquals(134, journal.fold());
                }
            }
            long blocks = DirectJdbc.queryLong(settings, "select count(*) from sample_block");
            assertTrue(blocks > 0 && DirectJdbc.queryLong(settings,
                    "select count(*) from sample_journal") > 0);

            assertEquals(written.reversed(), store.recent(API, 1_000));
            for (int limit : List.of(1, 7, 60, 240, 359)) {
                assertEquals(written.reversed().subList(0, limit), store.recent(API, limit), "recent " + limit);
                assertEquals(written.subList(0, limit), store.between(API, NOON, NOON.plusSeconds(7_200), limit));
            }
            List<Sample> streamed = new ArrayList<>();
            store.forEachBetween(API, NOON.plusSeconds(1_000), NOON.plusSeconds(6_000), streamed::add);
            assertEquals(written.subList(50, 300), streamed);

            // A later sample of an hour already packed is merged into its block by the next fold.
            Sample late = sample(API, NOON.plusSeconds(10), false);
            store.append(List.of(late));
            written.add(1, late);
            assertEquals(written, store.between(API, NOON, NOON.plusSeconds(7_200), 1_000));

            long folded = journal.fold();

            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(2, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));
            assertEquals(361 - 120 - 134, folded); // the raw rows stay raw until the day is packed
            assertEquals(361, DirectJdbc.storedSamples(settings));
            assertEquals(written, store.between(API, NOON, NOON.plusSeconds(7_200), 1_000));
            assertEquals(0, journal.fold());
        }
    }

    @Test
    void theWriterFoldsAnHourOnceItHasClosedAndKeepsTheCurrentHourInTheJournal() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        try (Database database = Database.open(settings)) {
            MovableClock clock = new MovableClock(NOON);
            SampleJournal journal = new SampleJournal(database.dsl(), clock);
            SampleStore store = new JooqSampleStore(database.dsl(), Vendor.H2, SampleWriteMethod.JOURNAL,
                    Optional.of(journal));
            List<Sample> written = new ArrayList<>();
            // A check every 20 s through 12:00-12:59:40, written as it is taken: nothing is folded in the hour.
            for (int i = 0; i < 180; i++) {
                Sample sample = sample(API, NOON.plusSeconds(20L * i), i % 9 == 0);
                store.append(List.of(sample));
                written.add(sample);
                clock.advance(Duration.ofSeconds(20));
            }
            assertEquals(180, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));

            // 13:00 to 13:01:59: the hour has closed, but within the grace a batch of it may still be on its way.
            Sample next = sample(API, NOON.plusSeconds(3_600), false);
            store.append(List.of(next));
            written.add(next);
            clock.advance(SampleJournal.GRACE.minusNanos(1));
            Sample within = sample(API, NOON.plusSeconds(3_620), false);
            store.append(List.of(within));
            written.add(within);
            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));

            // 13:02: the closed hour is folded into one block, written once; 13:00's samples stay in the journal.
            clock.advance(Duration.ofNanos(1));
            Sample after = sample(API, NOON.plusSeconds(3_720), false);
            store.append(List.of(after));
            written.add(after);
            assertEquals(1, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));
            assertEquals(180, DirectJdbc.queryLong(settings, "select sample_count from sample_block"));
            assertEquals(3, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(written.size(), DirectJdbc.storedSamples(settings));
            assertEquals(written.reversed(), store.recent(API, 1_000));

            // A late sample of the closed hour stays in the journal (read from there) until the next hour's fold
            // merges it into its block; nothing else is folded before then.
            Sample late = sample(API, NOON.plusSeconds(3_599), true);
            store.append(List.of(late));
            written.add(180, late);
            clock.advance(Duration.ofHours(1).minusNanos(1)); // 14:01:59.999999999
            Sample beforeTwo = sample(API, NOON.plusSeconds(7_000), false);
            store.append(List.of(beforeTwo));
            written.add(beforeTwo);
            assertEquals(1, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));
            assertEquals(5, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(written.reversed(), store.recent(API, 1_000));

            clock.advance(Duration.ofNanos(1)); // 14:02
            Sample two = sample(API, NOON.plusSeconds(7_300), false);
            store.append(List.of(two));
            written.add(two);

            assertEquals(2, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));
            assertEquals(181, DirectJdbc.queryLong(settings,
                    "select sample_count from sample_block where block_start = timestamp with time zone "
                            + "'2026-03-14 12:00:00+00'"));
            assertEquals(1, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(written.size(), DirectJdbc.storedSamples(settings));
            assertEquals(written.reversed(), store.recent(API, 1_000));
            assertEquals(written, store.between(API, NOON, NOON.plusSeconds(7_200 * 2), 1_000));
        }
    }

    @Test
    void aBacklogOverTheSampleBudgetFoldsInStepsOfWholeRows() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        try (Database database = Database.open(settings)) {
            MovableClock clock = new MovableClock(NOON);
            SampleJournal journal = new SampleJournal(database.dsl(), clock, 25);
            SampleStore store = new JooqSampleStore(database.dsl(), Vendor.H2, SampleWriteMethod.JOURNAL,
                    Optional.of(journal));
            // Rows of 10 samples of 5 monitors over two hours (12:00-13:50), and one row larger than the budget alone.
            List<Sample> written = new ArrayList<>();
            for (int row = 0; row < 12; row++) {
                List<Sample> batch = new ArrayList<>();
                for (int i = 0; i < (row == 6 ? 40 : 10); i++) {
                    batch.add(sample(MonitorId.of("m" + (i % 5)), NOON.plusSeconds(row * 600L + i), i % 4 == 0));
                }
                store.append(batch);
                written.addAll(batch);
            }
            clock.advance(Duration.ofHours(2).plus(SampleJournal.GRACE));

            assertEquals(written.size(), journal.foldIfDue());

            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(10, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));
            assertEquals(written.size(), DirectJdbc.storedSamples(settings));
            assertEquals(of(written, MonitorId.of("m3")).reversed(), store.recent(MonitorId.of("m3"), 1_000));
            assertEquals(0, journal.foldIfDue());
        }
    }

    @Test
    void aJournalOverRowsAlreadyThereReadsThemAndEachMonitorReadsItsOwnRowsOnly() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        try (Database database = Database.open(settings, new MovableClock(NOON))) {
            List<Sample> written = new ArrayList<>();
            for (int batch = 0; batch < 4; batch++) {
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    // The third batch holds no sample of web.
                    samples.add(sample(batch == 2 || i % 2 == 0 ? API : WEB, NOON.plusSeconds(batch * 10L + i), false));
                }
                database.sampleStore().append(samples);
                written.addAll(samples);
            }

            SampleJournal again = new SampleJournal(database.dsl(), new MovableClock(NOON));
            SampleStore store = new JooqSampleStore(database.dsl(), Vendor.H2, SampleWriteMethod.JOURNAL,
                    Optional.of(again));

            assertEquals(of(written, API).reversed(), store.recent(API, 100));
            assertEquals(of(written, WEB).reversed(), store.recent(WEB, 100));
            assertEquals(List.of(), store.recent(MonitorId.of("none"), 100));
            assertEquals(java.util.Map.of(API, of(written, API).reversed().subList(0, 3), WEB,
                            of(written, WEB).reversed().subList(0, 3), MonitorId.of("none"), List.of()),
                    store.recentOfEach(List.of(API, WEB, MonitorId.of("none")), 3));
            assertEquals(written.size(), again.fold());
            assertEquals(of(written, WEB).reversed(), store.recent(WEB, 100));
        }
    }

    @Test
    void maintenanceFoldsTheJournalAndRetentionDropsWhatIsTooOld() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        try (Database database = Database.open(settings, new MovableClock(NOON))) {
            SampleStore store = database.sampleStore();
            Instant now = NOON.plus(Duration.ofDays(10));
            List<Sample> kept = List.of(sample(API, now.minus(Duration.ofDays(2)), false), sample(API, now, true));
            store.append(List.of(sample(API, NOON, false), sample(WEB, NOON.plusSeconds(1), false)));
            store.append(kept);

            SampleMaintenance.Result result = database.sampleMaintenance(Duration.ofDays(7), Clock.systemUTC())
                    .runOnce(now);

            assertEquals(4, result.samplesPacked());
            assertEquals(2, result.blocksDeleted());
            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(kept.reversed(), store.recent(API, 10));
            assertEquals(List.of(), store.recent(WEB, 10));
        }
    }

    @Test
    void whatARunLeftInTheJournalIsReadAfterTheNextOpenAndFoldedByMaintenanceNotByTheOpen() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        // Mid-hour: ten batches of api and web, as a crash leaves them (the rows stay where the close would have
        // folded them).
        List<Sample> written = new ArrayList<>();
        try (Database database = Database.open(settings, new MovableClock(NOON))) {
            for (int batch = 0; batch < 10; batch++) {
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    samples.add(sample(i % 3 == 0 ? WEB : API, NOON.plusSeconds(batch * 20L + i), i == 4));
                }
                database.sampleStore().append(samples);
                written.addAll(samples);
            }
            DirectJdbc.execute(settings, "create table journal_copy as select * from sample_journal");
        }
        DirectJdbc.execute(settings, "delete from sample_block");
        DirectJdbc.execute(settings, "insert into sample_journal select * from journal_copy");

        MovableClock clock = new MovableClock(NOON.plus(Duration.ofMinutes(30)));
        try (Database database = Database.open(settings, clock)) {
            SampleStore store = database.sampleStore();
            assertEquals(10, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(written.size(), DirectJdbc.storedSamples(settings));
            assertEquals(of(written, API).reversed(), store.recent(API, 100));
            // The newest of each, from the newest rows: every limit, each sample once.
            for (int limit : new int[]{1, 3, 4, 7, 100}) {
                assertEquals(java.util.Map.of(API, first(of(written, API).reversed(), limit),
                        WEB, first(of(written, WEB).reversed(), limit)), store.recentOfEach(List.of(API, WEB), limit));
            }

            assertEquals(written.size(), database.sampleMaintenance(Duration.ofDays(7), clock).runOnce()
                    .samplesPacked());

            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(written.size(), DirectJdbc.storedSamples(settings));
            assertEquals(of(written, WEB).reversed(), store.recent(WEB, 100));
            assertEquals(java.util.Map.of(API, first(of(written, API).reversed(), 7),
                    WEB, first(of(written, WEB).reversed(), 7)), store.recentOfEach(List.of(API, WEB), 7));
        }
    }

    @Test
    void theNewestOfEachMonitorAreReadFromTheNewestRowsAndLateOrEarlySamplesAreNotMissed() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        try (Database database = Database.open(settings, new MovableClock(NOON))) {
            SampleJournal journal = database.sampleJournal().orElseThrow();
            List<Sample> written = new ArrayList<>();
            for (int batch = 0; batch < 12; batch++) {
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    samples.add(sample(i == 0 ? WEB : API, NOON.plusSeconds(batch * 20L + i), false));
                }
                if (batch == 3) {
                    samples.add(sample(API, NOON.plus(Duration.ofHours(2)), true)); // ahead of every later row's
                }
                if (batch == 10) {
                    samples.add(sample(WEB, NOON.minusSeconds(5), true)); // a late write of an early check
                }
                database.sampleStore().append(samples);
                written.addAll(samples);
            }
            List<Sample> newestApi = of(written, API).reversed();
            List<Sample> newestWeb = of(written, WEB).reversed();
            int api = keyOf(database, API);
            int web = keyOf(database, WEB);

            for (int rowsPerStatement : new int[]{1, 2, 5, 500}) {
                for (int limit : new int[]{1, 2, 6, 13, 100}) {
                    var read = journal.reading(() -> journal.readNewest(java.util.Set.of(api, web), limit,
                            rowsPerStatement));
                    String at = "rows per statement " + rowsPerStatement + ", limit " + limit;
                    assertEquals(starts(first(newestApi, limit)), first(startsOf(read.get(api)).reversed(), limit), at);
                    assertEquals(starts(first(newestWeb, limit)), first(startsOf(read.get(web)).reversed(), limit), at);
                }
            }
            assertEquals(first(newestApi, 3), database.sampleStore().recentOfEach(List.of(API), 3).get(API));
        }
    }

    private static List<Instant> starts(List<Sample> samples) {
        return samples.stream().map(Sample::startedAt).toList();
    }

    private static List<Instant> startsOf(List<StoredSample> samples) {
        return samples.stream().map(stored -> StoredSample.instant(stored.startedAtMicros())).toList();
    }

    private static int keyOf(Database database, MonitorId monitor) {
        return new MonitorKeys(database.dsl()).find(monitor).orElseThrow();
    }

    private static <T> List<T> first(List<T> samples, int limit) {
        return samples.subList(0, Math.min(limit, samples.size()));
    }

    @Test
    void theJournalIsH2s() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        try (Database database = Database.open(settings)) {
            assertThrows(IllegalArgumentException.class, () -> new JooqSampleStore(database.dsl(), Vendor.POSTGRESQL,
                    SampleWriteMethod.JOURNAL, Optional.empty()));
        }
    }

    private static List<Sample> of(List<Sample> samples, MonitorId monitor) {
        return samples.stream().filter(s -> s.monitorId().equals(monitor))
                .sorted(Comparator.comparing(Sample::startedAt)).toList();
    }

    private static Sample sample(MonitorId monitor, Instant at, boolean failed) {
        return failed
                ? new Sample(monitor, at, Duration.ofMillis(30), Outcome.FAILURE, Optional.of("503"),
                        List.of(new ConditionResult("[STATUS] == 200", "[STATUS] (503) == 200", false)))
                : new Sample(monitor, at, Duration.ofMillis(12), Outcome.SUCCESS, Optional.empty(),
                        List.of(new ConditionResult("[STATUS] == 200", "[STATUS] (200) == 200", true)));
    }
}
