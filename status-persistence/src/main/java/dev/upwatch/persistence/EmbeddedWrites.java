package dev.upwatch.persistence;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps H2's per-batch {@code CHECKPOINT} of the samples out of the rollup flush's transaction. H2's MVStore writes
 * every changed page at a checkpoint, those of transactions still open too; each sample checkpoint (then every
 * 200 ms) during the flush (about 8,000 rows at 1,000 monitors, half a second or more) wrote its growing set of pages
 * again,
 * and the file grew by 7–9 MB per flush (docs/benchmarks.md). So on H2 the flush's transaction and the sample
 * writer's checkpoint run {@link #apart}: a batch's checkpoint waits for the flush's commit, then writes the flush
 * once. On PostgreSQL both run at once ({@link #NONE}).
 */
final class EmbeddedWrites {
    /** PostgreSQL: nothing to keep apart. */
    static final EmbeddedWrites NONE = new EmbeddedWrites(false);

    private final ReentrantLock lock;

    private EmbeddedWrites(boolean apart) {
        this.lock = apart ? new ReentrantLock() : null;
    }

    /** The writes for {@code vendor}: a lock of its own for each embedded database. */
    static EmbeddedWrites of(Vendor vendor) {
        return vendor == Vendor.H2 ? new EmbeddedWrites(true) : NONE;
    }

    /** Runs {@code work} (a checkpoint, or a transaction no checkpoint may interrupt) while no other such runs. */
    void apart(Runnable work) {
        if (lock == null) {
            work.run();
            return;
        }
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }
}
