package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleBufferTest {
    private static final MonitorId ID = MonitorId.of("m");
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    private static Sample sample(int i) {
        return new Sample(ID, T0.plusSeconds(i), Duration.ofMillis(i), Outcome.SUCCESS, Optional.empty(), List.of());
    }

    /** A store that can be switched off, as a database outage would. */
    private static final class FlakyStore implements dev.upwatch.core.port.SampleStore {
        final InMemorySampleStore delegate = new InMemorySampleStore();
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger appends = new AtomicInteger();

        @Override
        public void append(List<Sample> samples) {
            if (down.get()) {
                throw new IllegalStateException("database unreachable");
            }
            appends.incrementAndGet();
            delegate.append(samples);
        }

        @Override
        public List<Sample> recent(MonitorId monitorId, int limit) {
            return delegate.recent(monitorId, limit);
        }
    }

    @Test
    void anOutageLosesNothingAndSamplesArriveInOrder() throws Exception {
        FlakyStore store = new FlakyStore();
        SampleBuffer buffer = new SampleBuffer(store, 10_000, 100, Duration.ofMillis(50));
        buffer.start();
        store.down.set(true);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(buffer.offer(sample(i)));
        }
        Thread.sleep(600);
        assertTrue(buffer.writeFailures() > 0, "the writer tried during the outage");
        store.down.set(false);
        buffer.close(Duration.ofSeconds(10));
        List<Sample> stored = store.delegate.all(ID);
        assertEquals(1_000, stored.size());
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(sample(i), stored.get(i), "order kept");
        }
        assertEquals(0, buffer.dropped());
    }

    @Test
    void writesInBatches() {
        FlakyStore store = new FlakyStore();
        store.down.set(true);
        SampleBuffer buffer = new SampleBuffer(store, 10_000, 500, Duration.ofMillis(50));
        buffer.start();
        for (int i = 0; i < 2_000; i++) {
            buffer.offer(sample(i));
        }
        store.down.set(false);
        buffer.close(Duration.ofSeconds(10));
        assertEquals(2_000, store.delegate.all(ID).size());
        assertTrue(store.appends.get() <= 10, "2,000 samples in at most 10 appends, got " + store.appends.get());
    }

    @Test
    void whenFullNewSamplesAreDroppedAndCounted() {
        FlakyStore store = new FlakyStore();
        store.down.set(true);
        SampleBuffer buffer = new SampleBuffer(store, 10, 5, Duration.ofMillis(50));
        for (int i = 0; i < 10; i++) {
            assertTrue(buffer.offer(sample(i)));
        }
        assertFalse(buffer.offer(sample(10)));
        assertEquals(1, buffer.dropped());
        assertEquals(10, buffer.depth());
    }

    @Test
    void closeFlushesWhatIsQueued() {
        FlakyStore store = new FlakyStore();
        SampleBuffer buffer = new SampleBuffer(store, 100, 10, Duration.ofSeconds(30));
        buffer.start();
        for (int i = 0; i < 25; i++) {
            buffer.offer(sample(i));
        }
        buffer.close(Duration.ofSeconds(5));
        assertEquals(25, store.delegate.all(ID).size());
    }

    /** H2 closes its file when a thread is interrupted inside a file operation: close() must not interrupt an append. */
    @Test
    void closeNeverInterruptsAnAppendInProgress() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        InMemorySampleStore delegate = new InMemorySampleStore();
        dev.upwatch.core.port.SampleStore slow = new dev.upwatch.core.port.SampleStore() {
            @Override
            public void append(List<Sample> samples) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                delegate.append(samples);
            }

            @Override
            public List<Sample> recent(MonitorId monitorId, int limit) {
                return delegate.recent(monitorId, limit);
            }
        };
        SampleBuffer buffer = new SampleBuffer(slow, 100, 10, Duration.ofMillis(10));
        buffer.start();
        buffer.offer(sample(1));
        entered.await();
        Thread closer = Thread.ofPlatform().start(() -> buffer.close(Duration.ofSeconds(30)));
        while (closer.getState() != Thread.State.TIMED_WAITING && closer.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait(); // close() is waiting (for the append to end, or for the writer to stop)
        }
        release.countDown();
        closer.join();
        assertFalse(interrupted.get(), "the append was interrupted");
        assertEquals(1, delegate.all(ID).size());
    }
}
