package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Raw-sample retention and packing of closed days on both products, and the day partitions on PostgreSQL. */
class SampleMaintenanceTest {
    private static final MonitorId API = MonitorId.of("api");
    private static final MonitorId WEB = MonitorId.of("web");
    private static final LocalDate TODAY = LocalDate.parse("2026-03-14");
    private static final Instant NOW = TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path directory;

    private final List<Runnable> cleanUps = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        cleanUps.reversed().forEach(Runnable::run);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void removesSamplesOlderThanTheRetentionAndKeepsTheRest(Vendor vendor) {
        try (Database database = Database.open(emptyDatabase(vendor))) {
            SampleStore store = rawRows(database, vendor);
            List<Sample> old = List.of(sample(NOW.minus(Duration.ofDays(10))), sample(NOW.minus(Duration.ofDays(8))));
            List<Sample> kept = List.of(sample(NOW.minus(Duration.ofDays(6))), sample(NOW.minus(Duration.ofHours(13))),
                    sample(NOW));
            store.append(old);
            store.append(kept);

            SampleMaintenance.Result result = database.sampleMaintenance(WEEK, Clock.systemUTC()).runOnce(NOW);

            assertEquals(2, result.rowsDeleted());
            assertEquals(kept.reversed(), store.recent(API, 10));
        }
    }

    @Test
    void makesDayPartitionsAheadMovesTheirRowsOutOfTheDefaultAndDropsWholeOldDays() {
        DatabaseSettings settings = emptyDatabase(Vendor.POSTGRESQL);
        try (Database database = Database.open(settings)) {
            SampleStore store = database.sampleStore();
            Sample yesterday = sample(NOW.minus(Duration.ofDays(1)));
            Sample today = sample(NOW);
            store.append(List.of(yesterday, today));
            SampleMaintenance maintenance = database.sampleMaintenance(WEEK, Clock.systemUTC());

            SampleMaintenance.Result first = maintenance.runOnce(NOW);

            // Yesterday is closed: its sample, in the default partition, is packed rather than given a partition.
            assertEquals(new SampleMaintenance.Result(4, 0, 0, 1, 0), first);
            assertEquals(IntStream.rangeClosed(0, 3).mapToObj(TODAY::plusDays).toList(), maintenance.partitionDays());
            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_default"));
            assertEquals(1, DirectJdbc.queryLong(settings, "select count(*) from sample_p20260314"));
            assertEquals(1, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));
            assertEquals(List.of(today, yesterday), store.recent(API, 10));
            assertEquals(new SampleMaintenance.Result(0, 0, 0, 0, 0), maintenance.runOnce(NOW));

            Instant nineDaysOn = NOW.plus(Duration.ofDays(9));
            Sample later = sample(nineDaysOn);
            store.append(List.of(later));
            SampleMaintenance.Result second = maintenance.runOnce(nineDaysOn);

            // Cut-off 2026-03-16T12:00Z: the days 14 and 15 ended before it and are dropped, as is the block of the
            // 13th; the 16th and 17th are closed and packed (empty), then dropped.
            assertEquals(new SampleMaintenance.Result(4, 2, 0, 0, 1), second);
            assertEquals(IntStream.rangeClosed(9, 12).mapToObj(TODAY::plusDays).toList(), maintenance.partitionDays());
            assertEquals(List.of(later), store.recent(API, 10));
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void packsClosedDaysIntoHourBlocksOnceAndDeletesBlocksPastTheRetention(Vendor vendor) {
        DatabaseSettings settings = emptyDatabase(vendor);
        try (Database database = Database.open(settings)) {
            SampleStore store = rawRows(database, vendor);
            SampleMaintenance maintenance = database.sampleMaintenance(WEEK, Clock.systemUTC());
            maintenance.runOnce(NOW.minus(Duration.ofDays(3))); // partitions of the days written below
            List<Sample> samples = new ArrayList<>();
            for (Instant at = NOW.minus(Duration.ofDays(2)); !at.isAfter(NOW); at = at.plusSeconds(600)) {
                samples.add(sample(at));
                samples.add(new Sample(WEB, at.plusSeconds(1), Duration.ofMillis(7), Outcome.FAILURE,
                        Optional.of("refused"), List.of()));
            }
            store.append(samples);

            SampleMaintenance.Result first = maintenance.runOnce(NOW);

            // From 2026-03-12T12:00 to the end of the 13th: 36 hours of 6 samples per monitor.
            assertEquals(2 * 36 * 6, first.samplesPacked());
            assertEquals(2 * 36, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));
            assertEquals(2 * 73, DirectJdbc.queryLong(settings, "select count(*) from sample"));
            List<Sample> api = samples.stream().filter(s -> s.monitorId().equals(API)).toList();
            assertEquals(api.reversed(), store.recent(API, 1_000));
            assertEquals(0, maintenance.runOnce(NOW).samplesPacked());
            assertEquals(api.reversed(), store.recent(API, 1_000));

            // Eight days on, the cut-off is 2026-03-15T12:00: every block of the 12th and 13th goes.
            SampleMaintenance.Result later = maintenance.runOnce(NOW.plus(Duration.ofDays(8)));
            assertEquals(2 * 36, later.blocksDeleted());
            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));
        }
    }

    /**
     * A store that writes one raw row per sample, as PostgreSQL does and as H2 did before its journal (V38): day
     * packing of raw rows is tested on both; the journal has its own tests ({@code SampleJournalTest}).
     */
    private static SampleStore rawRows(Database database, Vendor vendor) {
        return vendor == Vendor.H2 ? database.sampleStore(SampleWriteMethod.BATCH) : database.sampleStore();
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aLateSampleOfAPackedHourIsMergedIntoItsBlock(Vendor vendor) {
        DatabaseSettings settings = emptyDatabase(vendor);
        try (Database database = Database.open(settings)) {
            SampleStore store = rawRows(database, vendor);
            SampleMaintenance maintenance = database.sampleMaintenance(WEEK, Clock.systemUTC());
            Instant hour = Instant.parse("2026-03-13T08:00:00Z");
            Sample early = sample(hour.plusSeconds(60));
            Sample late = sample(hour.plusSeconds(30));
            Sample sameStart = sample(hour.plusSeconds(60));
            store.append(List.of(early));
            maintenance.runOnce(NOW);

            store.append(List.of(late, sameStart));
            assertEquals(List.of(late, early, sameStart), store.between(API, hour, NOW, 10));
            SampleMaintenance.Result result = maintenance.runOnce(NOW);

            assertEquals(2, result.samplesPacked());
            assertEquals(1, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));
            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample"));
            assertEquals(List.of(late, early, sameStart), store.between(API, hour, NOW, 10));
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void packingStoppedAfterWritingBlocksLeavesEverySampleOnceAndTheNextRunFinishesIt(Vendor vendor) {
        DatabaseSettings settings = emptyDatabase(vendor);
        try (Database database = Database.open(settings)) {
            SampleStore store = rawRows(database, vendor);
            database.sampleMaintenance(WEEK, Clock.systemUTC()).runOnce(NOW.minus(Duration.ofDays(2)));
            List<Sample> samples = new ArrayList<>();
            for (Instant at = NOW.minus(Duration.ofDays(1)); !at.isAfter(NOW); at = at.plusSeconds(900)) {
                samples.add(sample(at));
            }
            store.append(samples);
            SampleMaintenance interrupted = database.sampleMaintenance(WEEK, Clock.systemUTC(),
                    (from, to) -> {
                        throw new IllegalStateException("stopped after writing the blocks of " + from);
                    });

            assertThrows(RuntimeException.class, () -> interrupted.runOnce(NOW));

            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_block"));
            assertEquals(samples.size(), DirectJdbc.queryLong(settings, "select count(*) from sample"));
            assertEquals(samples.reversed(), store.recent(API, 1_000));

            SampleMaintenance.Result result = database.sampleMaintenance(WEEK, Clock.systemUTC()).runOnce(NOW);

            assertEquals(48, result.samplesPacked()); // 12:00 to the end of the 13th, every 15 minutes
            assertEquals(samples.size() - 48, DirectJdbc.queryLong(settings, "select count(*) from sample"));
            assertEquals(samples.reversed(), store.recent(API, 1_000));
            assertEquals(samples, store.between(API, Instant.EPOCH, NOW.plusSeconds(1), 1_000));
        }
    }

    @Test
    void refusesARetentionShorterThanAnHour() {
        try (Database database = Database.open(emptyDatabase(Vendor.H2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> database.sampleMaintenance(Duration.ofMinutes(59), Clock.systemUTC()));
            assertEquals("the raw sample retention must be at least 1h, got PT59M", e.getMessage());
        }
    }

    private static Sample sample(Instant startedAt) {
        return new Sample(API, startedAt, Duration.ofMillis(5), Outcome.SUCCESS, Optional.empty(), List.of());
    }

    private DatabaseSettings emptyDatabase(Vendor vendor) {
        return switch (vendor) {
            case H2 -> DatabaseSettings.embedded(directory);
            case POSTGRESQL -> {
                PostgresServer server = PostgresServer.get();
                DatabaseSettings settings = server.createDatabase();
                cleanUps.add(() -> server.dropDatabase(settings));
                yield settings;
            }
        };
    }
}
