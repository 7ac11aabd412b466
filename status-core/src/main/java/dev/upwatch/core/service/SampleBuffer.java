package dev.upwatch.core.service;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decouples checking from storage: checks {@link #offer} samples into a bounded queue and return at once;
 * one writer thread appends them to the {@link SampleStore} in batches, in order, and counts a sample as
 * {@linkplain #written() written} once the store's append returned (a store makes each batch durable before it
 * returns). When the store fails, the writer keeps the batch and retries with backoff, so an outage loses nothing
 * until the queue is full; only then are new samples dropped, and counted.
 */
public final class SampleBuffer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SampleBuffer.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /**
     * After the first sample of a partial batch, how long the writer lets it fill (at most the flush interval): a
     * steady trickle is then written as about one batch a second, each one commit made durable (a commit and a
     * synced checkpoint on the embedded store, see docs/benchmarks.md), rather than nearly one commit per sample. A
     * backlog of a full batch or more is written at once. Readers do not wait for it: {@link #unwritten} shows them
     * the samples still here ({@link BufferedSampleReads}).
     */
    static final Duration BATCH_WINDOW = Duration.ofSeconds(1);

    private final SampleStore store;
    private final BlockingQueue<Sample> queue;
    private final int batchSize;
    private final Duration flushInterval;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    /** Samples accepted into the queue; they are written in this order. */
    private final AtomicLong offered = new AtomicLong();
    /** Notified whenever {@link #written} grows or the writer stops. */
    private final Object progress = new Object();
    private final AtomicLong writeFailures = new AtomicLong();
    private final Thread writer;
    /**
     * Held by the writer while it appends. {@link #close} interrupts the writer only while holding it: an interrupt
     * that lands inside the store's I/O can break the store for good (H2 closes its database file when a thread
     * interrupted in a file operation), and then nothing queued is written (seen at shutdown at 100,000 monitors).
     */
    private final ReentrantLock appending = new ReentrantLock();
    /**
     * Guards the hand-over of samples from {@link #queue} to {@link #batch} and out of it once written, so that
     * {@link #unwritten} sees each unwritten sample in one of the two.
     */
    private final Object handover = new Object();
    /** Released by each offer: wakes the writer waiting for a first sample (the sample stays in the queue). */
    private final java.util.concurrent.Semaphore offers = new java.util.concurrent.Semaphore(0);
    /** The batch the writer takes and appends; guarded by {@link #handover} (the writer appends a copy). */
    private final List<Sample> batch;
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;

    /**
     * @param store         where samples go
     * @param capacity      samples held at most while the store is slow or down
     * @param batchSize     samples written per append at most
     * @param flushInterval how long a partial batch may wait before it is written
     */
    public SampleBuffer(SampleStore store, int capacity, int batchSize, Duration flushInterval) {
        this.store = Objects.requireNonNull(store, "store");
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("capacity and batchSize must be positive");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.batch = new ArrayList<>(batchSize);
        this.flushInterval = Objects.requireNonNull(flushInterval, "flushInterval");
        this.writer = Thread.ofPlatform().name("upwatch-sample-writer").daemon(true).unstarted(this::writeLoop);
    }

    /** Starts the writer thread. */
    public void start() {
        writer.start();
    }

    /** Queues a sample for writing; never blocks. Returns false (and counts a drop) when the buffer is full. */
    public boolean offer(Sample sample) {
        if (queue.offer(sample)) {
            offered.incrementAndGet();
            offers.release();
            return true;
        }
        long total = dropped.incrementAndGet();
        if (Long.bitCount(total) == 1) { // log at 1, 2, 4, 8, ... drops
            LOG.log(System.Logger.Level.WARNING, "sample buffer full: " + total + " samples dropped so far");
        }
        return false;
    }

    /** Samples waiting to be written. */
    public int depth() {
        return queue.size();
    }

    /**
     * The samples of {@code monitorId} offered and not yet written, in offer order. A reader that takes these before it
     * reads the store sees every sample offered before the call, some perhaps twice (written in between), none missed.
     */
    public List<Sample> unwritten(MonitorId monitorId) {
        return unwritten(Set.of(monitorId)).getOrDefault(monitorId, List.of());
    }

    /** {@link #unwritten(MonitorId)} of several monitors, in one pass over the buffer (a backlog may be long). */
    public Map<MonitorId, List<Sample>> unwritten(Set<MonitorId> monitorIds) {
        Map<MonitorId, List<Sample>> found = new HashMap<>();
        synchronized (handover) {
            for (Sample sample : batch) {
                if (monitorIds.contains(sample.monitorId())) {
                    found.computeIfAbsent(sample.monitorId(), id -> new ArrayList<>()).add(sample);
                }
            }
            for (Sample sample : queue) {
                if (monitorIds.contains(sample.monitorId())) {
                    found.computeIfAbsent(sample.monitorId(), id -> new ArrayList<>()).add(sample);
                }
            }
        }
        return found;
    }

    /** Samples dropped because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Samples written to the store. */
    public long written() {
        return written.get();
    }

    /**
     * Waits until every sample offered before this call is written (durable in the store).
     *
     * @return false when {@code timeout} passed first, or the writer is not running (not started, or stopped)
     */
    public boolean awaitWritten(Duration timeout) {
        // Offers are counted after they are queued, so this covers every sample whose offer returned before the call.
        long target = offered.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !writer.isAlive()) {
                    return written.get() >= target;
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Failed append attempts (each retried). */
    public long writeFailures() {
        return writeFailures.get();
    }

    /** Writes what is queued, then stops; waits at most {@code grace} for the store. */
    public void close(Duration grace) {
        closeDeadlineNanos = System.nanoTime() + grace.toNanos();
        closing = true;
        try {
            // Wakes a waiting writer; one that is appending sees closing when its append returns.
            if (appending.tryLock(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                try {
                    writer.interrupt();
                } finally {
                    appending.unlock();
                }
            }
            writer.join(Math.max(1, (closeDeadlineNanos - System.nanoTime()) / 1_000_000 + 1_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(15));
    }

    private void writeLoop() {
        try {
            writeBatches();
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private void writeBatches() {
        Duration backoff = Duration.ofMillis(250);
        while (true) {
            if (!fillBatch()) {
                if (closing) {
                    return;
                }
                continue;
            }
            try {
                List<Sample> taken;
                synchronized (handover) {
                    taken = List.copyOf(batch);
                }
                append(taken);
                synchronized (handover) {
                    batch.clear();
                }
                written.addAndGet(taken.size());
                synchronized (progress) {
                    progress.notifyAll();
                }
                backoff = Duration.ofMillis(250);
            } catch (RuntimeException | Error e) {
                // Even an Error (out of memory in the driver, say) must not end the writer: the queue would only grow.
                writeFailures.incrementAndGet();
                if (closing && System.nanoTime() > closeDeadlineNanos) {
                    LOG.log(System.Logger.Level.ERROR, "store unavailable at shutdown; " + (taken() + queue.size())
                            + " samples not written: " + e);
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "writing " + taken() + " samples failed, retrying in "
                        + backoff.toMillis() + " ms: " + e);
                sleepQuietly(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void append(List<Sample> batch) {
        appending.lock();
        try {
            Thread.interrupted(); // a wake-up from close() that came before the lock was meant for a wait, not for the I/O
            store.append(batch);
        } finally {
            appending.unlock();
        }
    }

    /** Samples in the batch the writer has taken (a failed one is kept and retried). */
    private int taken() {
        synchronized (handover) {
            return batch.size();
        }
    }

    /**
     * Takes the next batch from the queue unless one failed and is kept: waits up to the flush interval for a first
     * sample, or not at all when closing; the samples stay in the queue until they are taken (for {@link #unwritten}).
     */
    private boolean fillBatch() {
        if (taken() > 0) {
            return true;
        }
        if (!closing) {
            try {
                long deadline = System.nanoTime() + flushInterval.toNanos();
                while (queue.isEmpty()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !offers.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                        return false;
                    }
                }
                if (queue.size() < batchSize) {
                    Thread.sleep(Math.min(BATCH_WINDOW.toMillis(), flushInterval.toMillis()));
                }
            } catch (InterruptedException e) {
                // close() interrupts to wake the writer: fall through and drain what is queued.
            }
        }
        boolean taken;
        synchronized (handover) {
            queue.drainTo(batch, batchSize);
            taken = !batch.isEmpty();
        }
        offers.drainPermits(); // wake-ups only: the loop above looks at the queue itself
        return taken;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            // close() interrupts to wake the writer; the loop checks the deadline.
        }
    }
}
