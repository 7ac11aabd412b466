package dev.upwatch.persistence;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * H2's sample journal: a batch is one row; reads merge journal rows with raw rows and packed blocks through the one
 * read path of {@link JooqSampleStore}; a fold moves the rows into hour blocks (merging into blocks already there) once
 * {@link SampleJournal#FOLD_EVERY} has passed, and day maintenance and opening fold them too, so that nothing is read
 * twice or lost. Crash durability of the journal: {@code SampleDurabilityTest} and {@code RollupCrashTest} (H2 cases).
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
        try (Database database = Database.open(settings)) {
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
        try (Database database = Database.open(settings)) {
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
    void theWriterFoldsOnceFiveMinutesHavePassed() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        try (Database database = Database.open(settings)) {
            AtomicLong nanos = new AtomicLong();
            SampleJournal journal = new SampleJournal(database.dsl(), nanos::get);
            SampleStore store = new JooqSampleStore(database.dsl(), Vendor.H2, SampleWriteMethod.JOURNAL,
                    Optional.of(journal));
            store.append(List.of(sample(API, NOON, false)));
            nanos.addAndGet(SampleJournal.FOLD_EVERY.toNanos() - 1);
            store.append(List.of(sample(API, NOON.plusSeconds(20), false)));

            assertEquals(2, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));

            nanos.addAndGet(1);
            store.append(List.of(sample(API, NOON.plusSeconds(40), false)));

            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(3, DirectJdbc.storedSamples(settings));
            assertEquals(3, store.recent(API, 10).size());
        }
    }

    @Test
    void maintenanceFoldsTheJournalAndRetentionDropsWhatIsTooOld() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        try (Database database = Database.open(settings)) {
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
    void whatARunLeftInTheJournalIsFoldedAtTheNextOpen() {
        DatabaseSettings settings = DatabaseSettings.embedded(directory);
        List<Sample> written = IntStream.range(0, 50).mapToObj(i -> sample(API, NOON.plusSeconds(i), false)).toList();
        try (Database database = Database.open(settings)) {
            database.sampleStore().append(written);
            // As a crash leaves it: the rows stay where the close would have folded them.
            DirectJdbc.execute(settings, "create table journal_copy as select * from sample_journal");
        }
        DirectJdbc.execute(settings, "delete from sample_block");
        DirectJdbc.execute(settings, "insert into sample_journal select * from journal_copy");

        try (Database database = Database.open(settings)) {
            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_journal"));
            assertEquals(written.reversed(), database.sampleStore().recent(API, 100));
        }
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
