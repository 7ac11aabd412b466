package dev.upwatch.core.service;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The deadlines of the checks in flight, watched by one timer for all of them: arming and disarming a deadline is a
 * set insertion and removal, and wakes no thread. The timer wakes at the earliest deadline it knows of and, while
 * checks keep being armed, at least once every {@link #SWEEP}; a deadline of at least that length armed between two
 * wake-ups therefore falls after the next one and plans nothing (the common case: a check takes milliseconds, its
 * timeout seconds). A shorter deadline plans an earlier wake-up. Whoever comes first settles a check: the check itself
 * when it disarms, or the timer at the deadline, which then runs the expiry action on the timer's thread (keep it
 * short: interrupt, hand over).
 */
public final class CheckDeadlines implements AutoCloseable {
    /** The longest the timer sleeps while checks are being armed (ns). */
    static final long SWEEP = TimeUnit.SECONDS.toNanos(1);
    private static final System.Logger LOG = System.getLogger(CheckDeadlines.class.getName());
    private static final long NONE = Long.MAX_VALUE;

    private final Ticker ticker;
    private final Set<Armed> armed = ConcurrentHashMap.newKeySet();
    /** Ticker time of the planned wake-up, {@link #NONE} when none is planned; written under {@code this}. */
    private volatile long wakeAt = NONE;
    /** Whether a deadline was armed since the last wake-up: then the timer wakes again within {@link #SWEEP}. */
    private volatile boolean armedSinceWake;
    private Ticker.Planned planned;

    /** @param ticker the monotonic time and the timer (this shuts it down on {@link #close()}) */
    public CheckDeadlines(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    private static final class Shared {
        static final CheckDeadlines INSTANCE = new CheckDeadlines(Ticker.system("upwatch-deadlines"));
    }

    /** The process's deadlines on one daemon thread, started on first use; it sleeps while no check is armed. */
    public static CheckDeadlines shared() {
        return Shared.INSTANCE;
    }

    /**
     * Arms a deadline {@code timeout} from now; {@code onExpiry} runs on the timer's thread if the deadline passes
     * before {@link Armed#disarm()}. When the timer is shut down, the deadline is not watched (shutting down).
     */
    public Armed arm(Duration timeout, Runnable onExpiry) {
        Armed entry = new Armed(ticker.nanoTime() + timeout.toNanos(), Objects.requireNonNull(onExpiry, "onExpiry"));
        armed.add(entry);
        armedSinceWake = true;
        if (entry.deadline < wakeAt) {
            synchronized (this) {
                if (entry.deadline < wakeAt) {
                    plan(entry.deadline);
                }
            }
        }
        return entry;
    }

    /** Plans the next wake-up at {@code at} (ticker time), replacing the one planned. Holds {@code this}. */
    private void plan(long at) {
        Ticker.Planned previous = planned;
        try {
            planned = ticker.schedule(this::wake, at - ticker.nanoTime());
            wakeAt = at;
        } catch (RejectedExecutionException e) {
            planned = null;
            wakeAt = NONE; // shut down: nothing is watched any more
            return;
        }
        if (previous != null) {
            previous.cancel();
        }
    }

    private void wake() {
        synchronized (this) {
            wakeAt = NONE; // what is armed from here on plans its own wake-up until the next one is planned below
            planned = null;
        }
        boolean active = armedSinceWake;
        armedSinceWake = false;
        long now = ticker.nanoTime();
        long earliest = NONE;
        for (Armed entry : armed) {
            if (entry.deadline > now) {
                earliest = Math.min(earliest, entry.deadline);
            } else if (entry.settle()) {
                armed.remove(entry);
                try {
                    entry.onExpiry.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "a check's deadline action failed", e);
                }
            }
        }
        long next = active ? Math.min(earliest, now + SWEEP) : earliest;
        synchronized (this) {
            if (next < wakeAt) {
                plan(next);
            }
        }
    }

    /** Checks armed and not yet settled. */
    int armedCount() {
        return armed.size();
    }

    /** Stops watching; deadlines armed afterwards are not watched. Only for deadlines made with their own ticker. */
    @Override
    public void close() {
        ticker.shutdown();
    }

    /** One armed deadline. */
    public final class Armed {
        private final long deadline;
        private final Runnable onExpiry;
        private final AtomicBoolean settled = new AtomicBoolean();

        private Armed(long deadline, Runnable onExpiry) {
            this.deadline = deadline;
            this.onExpiry = onExpiry;
        }

        private boolean settle() {
            return settled.compareAndSet(false, true);
        }

        /** True when the check finished first; false when its deadline passed first (its expiry action runs or ran). */
        public boolean disarm() {
            if (settle()) {
                armed.remove(this);
                return true;
            }
            return false;
        }
    }
}
