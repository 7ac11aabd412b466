package dev.upwatch.web.subscription;

import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.notify.SubscriberNotifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Hands the public maintenance openings to the subscribers' notifier every {@link #EVERY}, on one daemon thread
 * ({@code upwatch-subscriptions}): openings are announced up to {@link MaintenanceCalendar.ANNOUNCE_AHEAD} ahead and
 * told as started within {@link #EVERY} of their start.
 */
final class MaintenanceTicker implements AutoCloseable {
    /** How often the openings are read. */
    static final Duration EVERY = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(MaintenanceTicker.class.getName());

    private final ScheduledExecutorService timer;

    /** @param maintenance the public view of the windows, read through a supplier (it needs the running engine) */
    MaintenanceTicker(SubscriberNotifier notifier, Supplier<MaintenanceQuery> maintenance, Clock clock) {
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(maintenance, "maintenance");
        Objects.requireNonNull(clock, "clock");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("upwatch-subscriptions").daemon().factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                Instant now = clock.instant();
                notifier.maintenance(maintenance.get().currentAndUpcoming(now, MaintenanceCalendar.ANNOUNCE_AHEAD), now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not tell subscribers of maintenance; trying again in "
                        + EVERY.toSeconds() + " s: " + e);
            }
        }, 5, EVERY.toSeconds(), TimeUnit.SECONDS);
        this.timer = executor;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
