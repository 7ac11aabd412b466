package dev.upwatch.core.rule;

import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.MaintenanceQuery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers whether a monitor is in maintenance at an instant, and which windows are open or coming up. Time is always
 * passed in. The windows can be replaced at run time ({@link #replaceWindows}, for the admin API): the list is an
 * immutable snapshot behind one volatile reference, so checks read it without locking and always see a whole list.
 */
public final class MaintenanceCalendar implements MaintenanceQuery {
    /** How far ahead the page and API announce upcoming windows. */
    public static final Duration ANNOUNCE_AHEAD = Duration.ofDays(7);

    /** A calendar without windows. */
    public static final MaintenanceCalendar NONE = new MaintenanceCalendar(List.of());

    private volatile List<MaintenanceWindow> windows;

    public MaintenanceCalendar(List<MaintenanceWindow> windows) {
        this.windows = List.copyOf(windows);
    }

    /** The windows now in force. */
    @Override
    public List<MaintenanceWindow> windows() {
        return windows;
    }

    /**
     * Puts {@code next} in force from now on, in this order (the first covering window names an excused check).
     *
     * @throws UnsupportedOperationException on {@link #NONE}, which is shared
     */
    public void replaceWindows(List<MaintenanceWindow> next) {
        if (this == NONE) {
            throw new UnsupportedOperationException("the shared empty calendar cannot change; create a calendar");
        }
        windows = List.copyOf(next);
    }

    /** The window covering {@code monitor} that is open at {@code at} (the first configured, if several are). */
    public Optional<MaintenanceWindow.Occurrence> openFor(MonitorId monitor, Instant at) {
        return openFor(windows, monitor, at);
    }

    private static Optional<MaintenanceWindow.Occurrence> openFor(List<MaintenanceWindow> windows, MonitorId monitor,
                                                                  Instant at) {
        for (MaintenanceWindow window : windows) {
            if (window.monitors().contains(monitor)) {
                Optional<MaintenanceWindow.Occurrence> open = window.openAt(at);
                if (open.isPresent()) {
                    return open;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code sample} as it is recorded: a failed check taken inside a maintenance window becomes an ERROR sample
     * whose error names the window, so that it counts neither as up nor as down (uptime leaves maintenance out);
     * any other sample is returned as is.
     */
    public Sample excuse(Monitor monitor, Sample sample) {
        List<MaintenanceWindow> current = windows;
        if (sample.outcome() != Outcome.FAILURE || current.isEmpty()) {
            return sample;
        }
        return excused(sample, openFor(current, monitor.id(), sample.startedAt()));
    }

    /**
     * {@code sample} as it is recorded when it was taken inside {@code open} (the window found once for it): a
     * failure becomes an ERROR sample naming the window; any other sample, or any sample outside a window, as is.
     */
    public static Sample excused(Sample sample, Optional<MaintenanceWindow.Occurrence> open) {
        if (sample.outcome() != Outcome.FAILURE) {
            return sample;
        }
        return open.map(window -> new Sample(sample.monitorId(), sample.startedAt(), sample.responseTime(), Outcome.ERROR,
                        Optional.of("in maintenance (" + window.window().title() + "): "
                                + sample.failureReason().orElse("check failed")),
                        sample.conditionResults(), sample.certificateExpiry()))
                .orElse(sample);
    }
}
