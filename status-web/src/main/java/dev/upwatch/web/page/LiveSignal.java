package dev.upwatch.web.page;

import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.core.port.Notifier;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the live pages that something they show may have changed: every check and status change (as a
 * {@link Notifier}) and every incident change (as an {@link IncidentListener}, counted, since a change of an incident
 * that is not active, or of an active one's timeline, is visible nowhere else without reading the store). Cheap: the
 * callers are the checking threads; it only counts and wakes the threads waiting in {@link #await} (an
 * uncontended lock per check).
 */
public final class LiveSignal implements Notifier, IncidentListener {
    private final AtomicLong incidentChanges = new AtomicLong();
    private final Object lock = new Object();
    /** Every signal so far; guarded by {@link #lock}. */
    private long signals;

    @Override
    public void statusChanged(StatusChange change) {
        wake();
    }

    @Override
    public void checked(Monitor monitor, Sample sample) {
        wake();
    }

    @Override
    public void incidentChanged(IncidentEvent event) {
        incidentChanges.incrementAndGet();
        wake();
    }

    /**
     * Another node of the cluster committed a change this node adopted: its status, and maybe its incident, which only
     * the store shows here; counted as an incident change so the next snapshot reads incidents again.
     */
    public void changedElsewhere() {
        incidentChanges.incrementAndGet();
        wake();
    }

    /**
     * The console changed what frames every page (title, logo, links, footer): counted as an incident change, so the
     * next snapshot is a new version and every live page renders again.
     */
    public void pageChanged() {
        changedElsewhere();
    }

    /** How many incident changes were told so far: part of what the live snapshot is of. */
    public long incidentChanges() {
        return incidentChanges.get();
    }

    /** Wakes every thread waiting in {@link #await}. */
    public void wake() {
        synchronized (lock) {
            signals++;
            lock.notifyAll();
        }
    }

    /** The signals so far, to pass to {@link #await}. */
    long signals() {
        synchronized (lock) {
            return signals;
        }
    }

    /** Waits at most {@code millis} for a signal after the count {@code seen}; returns the count then. */
    long await(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (lock) {
            while (signals == seen) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                lock.wait(left);
            }
            return signals;
        }
    }
}
