package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.port.RollupQuery;
import dev.upwatch.core.port.RollupStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link RecordedRollups}: every read (series, counts, daily counts, totals, streamed series) sees each recorded check
 * exactly once — pending in memory, while a flush writes it, after a failed write, and once written.
 */
class RecordedRollupsTest {
    private static final Instant T0 = Instant.parse("2026-03-14T10:00:00Z");
    private static final Monitor API = Monitor.builder(MonitorId.of("api"), "API",
            new ProbeSpec("test", ProbeSettings.empty())).interval(Duration.ofSeconds(20)).build();
    private static final List<RollupRange> HOUR = List.of(new RollupRange(RollupTier.MINUTE, T0, T0.plusSeconds(3600)));

    private static void check(RollupRecorder recorder, int second) {
        recorder.record(API, new Sample(API.id(), T0.plusSeconds(second), Duration.ofMillis(40), Outcome.SUCCESS,
                Optional.empty(), List.of()), Status.UP);
    }

    /** The checks each kind of read counts, which must all agree. */
    private static List<Long> everyRead(RollupQuery query) {
        long series = query.series(API.id(), RollupTier.MINUTE, T0, T0.plusSeconds(3600)).stream()
                .mapToLong(Rollup::checks).sum();
        long counts = query.counts(HOUR).get(API.id()).decisive();
        long windows = query.countsPerWindow(List.of(HOUR)).getFirst().get(API.id()).decisive();
        long days = query.dailyCounts(LocalDate.of(2026, 3, 14), LocalDate.of(2026, 3, 14)).get(API.id())
                .getFirst().counts().decisive();
        long totals = query.totals(List.of(API.id()), HOUR).get(API.id()).checks();
        List<Rollup> streamed = new ArrayList<>();
        long handed = query.forEachInSeries(API.id(), RollupTier.MINUTE, T0, T0.plusSeconds(3600), streamed::add);
        assertEquals(streamed.size(), handed);
        for (int i = 1; i < streamed.size(); i++) {
            assertEquals(true, streamed.get(i - 1).start().isBefore(streamed.get(i).start()), "one per bucket, in order");
        }
        return List.of(series, counts, windows, days, totals, streamed.stream().mapToLong(Rollup::checks).sum());
    }

    private static List<Long> all(long checks) {
        return List.of(checks, checks, checks, checks, checks, checks);
    }

    @Test
    void pendingChecksAreReadBeforeTheirWriteAndOnceAfterIt() {
        InMemoryRollupStore store = new InMemoryRollupStore();
        RollupRecorder recorder = new RollupRecorder(store);
        RollupQuery query = new RecordedRollups(store, recorder);
        check(recorder, 0);
        check(recorder, 20);
        check(recorder, 130);
        assertEquals(all(3), everyRead(query), "nothing written yet");
        recorder.flush();
        assertEquals(all(3), everyRead(query), "written: not counted twice");
        check(recorder, 140); // a pending check in a bucket the store already holds, and one in a new bucket
        check(recorder, 300);
        assertEquals(all(5), everyRead(query));
    }

    @Test
    void aReadDuringTheWriteWaitsForItAndSeesTheBatchOnce() throws Exception {
        InMemoryRollupStore memory = new InMemoryRollupStore();
        List<List<Long>> seen = new ArrayList<>();
        CompletableFuture<List<Long>> other = new CompletableFuture<>();
        RollupQuery[] query = new RollupQuery[1];
        RollupStore store = new ReadingStore(memory, () -> {
            seen.add(everyRead(query[0])); // this thread, inside the write, before the store has the batch
            Thread reader = new Thread(() -> other.complete(everyRead(query[0])));
            reader.start();
            awaitWaiting(reader);
        });
        RollupRecorder recorder = new RollupRecorder(store);
        query[0] = new RecordedRollups(store, recorder);
        check(recorder, 0);
        check(recorder, 70);
        recorder.flush(() -> seen.add(everyRead(query[0])));
        assertEquals(List.of(all(2), all(2)), seen, "while the batch is taken, and inside the write before it lands");
        assertEquals(all(2), other.get(10, TimeUnit.SECONDS), "a read of another thread waits for the write to end");
    }

    private static void awaitWaiting(Thread reader) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reader.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the reader did not wait for the write: " + reader.getState());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aFailedWriteLeavesTheChecksPendingOnce() {
        FlakyRollupStore store = new FlakyRollupStore();
        RollupRecorder recorder = new RollupRecorder(store);
        RollupQuery query = new RecordedRollups(store, recorder);
        check(recorder, 0);
        store.broken.set(true);
        assertThrows(IllegalStateException.class, recorder::flush);
        check(recorder, 10);
        assertEquals(all(2), everyRead(query));
        store.broken.set(false);
        recorder.flush();
        assertEquals(all(2), everyRead(query));
    }

    /** The store in memory, running {@code duringWrite} at the start of each write. */
    private record ReadingStore(InMemoryRollupStore memory, Runnable duringWrite) implements RollupStore {
        @Override
        public void add(List<Rollup> rollups) {
            duringWrite.run();
            memory.add(rollups);
        }

        @Override
        public List<Rollup> series(MonitorId id, RollupTier tier, Instant from, Instant to) {
            return memory.series(id, tier, from, to);
        }

        @Override
        public java.util.Map<MonitorId, dev.upwatch.core.model.CheckCounts> counts(List<RollupRange> ranges) {
            return memory.counts(ranges);
        }

        @Override
        public java.util.Map<MonitorId, List<dev.upwatch.core.model.DailyCounts>> dailyCounts(LocalDate first,
                                                                                           LocalDate last) {
            return memory.dailyCounts(first, last);
        }

        @Override
        public long deleteBefore(RollupTier tier, Instant before) {
            return memory.deleteBefore(tier, before);
        }
    }
}
