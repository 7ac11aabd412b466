package dev.upwatch.persistence;

import dev.upwatch.core.MovableClock;
import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What reads of the current hour cost while it lies in H2's sample journal (docs/benchmarks.md): 1,000 monitors
 * every 20 s written as the server writes them (batches of 10, each durable), and after 5, 15, 30 and 60 minutes of
 * journal the time of a monitor's {@code recent(25)} (the service page) and {@code recent(300)} (the API's largest
 * page), 20 of each, and of the start-up's {@code recentOfEach(1000, 60)}; then the fold of the hour and the same
 * reads from the block. Not a test: run it by hand (a minute or two).
 */
final class SampleJournalReadBenchmark {
    private static final int MONITORS = 1_000;
    private static final int BATCH = 10;
    private static final Instant START = Instant.parse("2026-03-14T12:00:00Z");

    private SampleJournalReadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Files.createTempDirectory("journal-read");
        try (Database database = Database.open(DatabaseSettings.embedded(directory), new MovableClock(START))) {
            SampleJournal journal = new SampleJournal(database.dsl(), new MovableClock(START));
            SampleStore store = new JooqSampleStore(database.dsl(), Vendor.H2, SampleWriteMethod.JOURNAL,
                    Optional.of(journal));
            int perMinute = MONITORS * 3; // one check every 20 s
            for (int minute = 1; minute <= 60; minute++) {
                for (int batch = 0; batch < perMinute / BATCH; batch++) {
                    List<Sample> samples = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        int n = (minute - 1) * perMinute + batch * BATCH + i;
                        samples.add(new Sample(MonitorId.of("m" + n % MONITORS), START.plusMillis(n * 20L),
                                Duration.ofMillis(3 + n % 7), Outcome.SUCCESS, Optional.empty(),
                                List.of(new ConditionResult("[STATUS] == 200", "[STATUS] (200) == 200", true))));
                    }
                    store.append(samples);
                }
                if (minute == 5 || minute == 15 || minute == 30 || minute == 60) {
                    System.out.printf("%d min of journal: %s%n", minute, reads(store));
                }
            }
            long began = System.nanoTime();
            long folded = journal.fold();
            System.out.printf("fold of the hour: %,d samples in %d ms%nfrom the block: %s%n", folded,
                    (System.nanoTime() - began) / 1_000_000, reads(store));
        }
    }

    private static String reads(SampleStore store) {
        StringBuilder out = new StringBuilder();
        for (int limit : List.of(25, 300)) {
            long best = Long.MAX_VALUE;
            long total = 0;
            for (int r = 0; r < 20; r++) {
                long began = System.nanoTime();
                store.recent(MonitorId.of("m" + r * 37 % MONITORS), limit);
                long took = System.nanoTime() - began;
                best = Math.min(best, took);
                total += took;
            }
            out.append(String.format("recent(%d) min %.2f ms, mean %.2f ms; ", limit, best / 1e6, total / 20 / 1e6));
        }
        long began = System.nanoTime();
        store.recentOfEach(IntStream.range(0, MONITORS).mapToObj(i -> MonitorId.of("m" + i)).toList(), 60);
        return out.append(String.format("recentOfEach(%d, 60) %d ms", MONITORS, (System.nanoTime() - began) / 1_000_000))
                .toString();
    }
}
