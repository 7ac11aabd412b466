package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readers see the samples the buffer still holds, each once, merged with the stored ones in each read's order. */
class BufferedSampleReadsTest {
    private static final MonitorId WEB = MonitorId.of("web");
    private static final MonitorId DB = MonitorId.of("db");
    private static final Instant T0 = Instant.parse("2026-03-14T12:00:00Z");

    /** A sample as a check makes it: its start to the nanosecond. */
    private static Sample sample(MonitorId id, int second) {
        return new Sample(id, T0.plusSeconds(second).plusNanos(123_456_789), Duration.ofMillis(second),
                Outcome.SUCCESS, Optional.empty(), List.of());
    }

    /** The same sample read back from a store, which keeps starts to the microsecond. */
    private static Sample readBack(Sample sample) {
        return new Sample(sample.monitorId(), sample.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                sample.responseTime(), sample.outcome(), sample.error(), sample.conditionResults());
    }

    /** A store whose appends wait until {@link #release}: what it was given stays in the buffer until then. */
    private static final class HeldStore implements SampleStore {
        private final InMemorySampleStore kept = new InMemorySampleStore();
        private final CountDownLatch released = new CountDownLatch(1);
        private final CountDownLatch appending = new CountDownLatch(1);

        @Override
        public void append(List<Sample> samples) {
            appending.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kept.append(samples);
        }

        @Override
        public List<Sample> recent(MonitorId monitorId, int limit) {
            return kept.recent(monitorId, limit);
        }

        @Override
        public List<Sample> between(MonitorId monitorId, Instant from, Instant to, int limit) {
            return kept.between(monitorId, from, to, limit);
        }

        @Override
        public long forEachBetween(MonitorId monitorId, Instant from, Instant to, java.util.function.Consumer<Sample> sink) {
            return kept.forEachBetween(monitorId, from, to, sink);
        }

        void stored(Sample... samples) {
            kept.append(List.of(samples));
        }

        void release() {
            released.countDown();
        }
    }

    @Test
    void everyReadSeesTheSamplesNotWrittenYetOnceInItsOrder() throws InterruptedException {
        HeldStore store = new HeldStore();
        store.stored(sample(WEB, 0), sample(WEB, 10), sample(DB, 5));
        SampleBuffer buffer = new SampleBuffer(store, 100, 2, Duration.ofMillis(20));
        SampleStore reads = new BufferedSampleReads(store, buffer);
        buffer.start();
        try {
            // The first batch is taken by the writer (held in the store's append), the others wait in the queue.
            buffer.offer(sample(WEB, 20));
            buffer.offer(sample(DB, 25));
            assertTrue(store.appending.await(10, TimeUnit.SECONDS));
            buffer.offer(sample(WEB, 30));
            // The batch being appended reaches the store before the writer hears back: found in the store and in
            // the buffer, read once.
            store.stored(readBack(sample(WEB, 20)));

            assertEquals(List.of(30, 20, 10),
                    starts(reads.recent(WEB, 3)), "newest first, the unwritten ones too");
            assertEquals(List.of(30, 20, 10, 0),
                    starts(reads.recent(WEB, 10)));
            assertEquals(List.of(10, 20, 30),
                    starts(reads.between(WEB, T0.plusSeconds(5), T0.plusSeconds(60), 10)), "oldest first, in range");
            assertEquals(List.of(10, 20),
                    starts(reads.between(WEB, T0.plusSeconds(5), T0.plusSeconds(60), 2)), "the limit keeps the oldest");
            assertEquals(List.of(20),
                    starts(reads.between(WEB, T0.plusSeconds(15), T0.plusSeconds(25), 10)));
            List<Sample> streamed = new ArrayList<>();
            assertEquals(3, reads.forEachBetween(WEB, T0.plusSeconds(5), T0.plusSeconds(60), streamed::add));
            assertEquals(List.of(10, 20, 30), starts(streamed));
            Map<MonitorId, List<Sample>> each = reads.recentOfEach(List.of(WEB, DB), 2);
            assertEquals(List.of(30, 20), starts(each.get(WEB)));
            assertEquals(List.of(25, 5), starts(each.get(DB)));
        } finally {
            store.release();
            buffer.close(Duration.ofSeconds(10));
        }
        // Written now: the same reads, from the store alone.
        assertEquals(List.of(), buffer.unwritten(DB));
        assertEquals(List.of(25, 5), starts(reads.recent(DB, 10)));
    }

    /** The seconds after {@link #T0} the samples started at, in their order. */
    private static List<Integer> starts(List<Sample> samples) {
        return samples.stream().map(sample -> (int) (sample.startedAt().getEpochSecond() - T0.getEpochSecond()))
                .toList();
    }
}
