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

/** Raw-sample retention on both products, and the day partitions on PostgreSQL. */
class SampleMaintenanceTest {
    private static final MonitorId API = MonitorId.of("api");
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
            SampleStore store = database.sampleStore();
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

            assertEquals(new SampleMaintenance.Result(5, 0, 0), first);
            assertEquals(IntStream.rangeClosed(-1, 3).mapToObj(TODAY::plusDays).toList(), maintenance.partitionDays());
            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from sample_default"));
            assertEquals(1, DirectJdbc.queryLong(settings, "select count(*) from sample_p20260314"));
            assertEquals(List.of(today, yesterday), store.recent(API, 10));
            assertEquals(new SampleMaintenance.Result(0, 0, 0), maintenance.runOnce(NOW));

            Instant nineDaysOn = NOW.plus(Duration.ofDays(9));
            Sample later = sample(nineDaysOn);
            store.append(List.of(later));
            SampleMaintenance.Result second = maintenance.runOnce(nineDaysOn);

            // Cut-off 2026-03-16T12:00Z: the days 13 to 15 ended before it; the 16th is kept whole.
            assertEquals(new SampleMaintenance.Result(5, 3, 0), second);
            assertEquals(List.of(TODAY.plusDays(2), TODAY.plusDays(3), TODAY.plusDays(8), TODAY.plusDays(9),
                    TODAY.plusDays(10), TODAY.plusDays(11), TODAY.plusDays(12)), maintenance.partitionDays());
            assertEquals(List.of(later), store.recent(API, 10));
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
