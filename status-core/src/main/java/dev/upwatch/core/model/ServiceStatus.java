package dev.upwatch.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the status page shows of one monitor at one moment.
 *
 * @param monitor       the monitor
 * @param status        its current status
 * @param since         when the current status began
 * @param lastSample    the latest check, if any
 * @param recentResponseTimes response times of the latest checks, oldest first (for the sparkline); only the
 *                      times are kept in memory, so that thousands of monitors stay cheap
 * @param windowCounts  check counts per uptime window
 * @param dailyCounts   check counts per UTC day over the last 90 days, in day order; days without checks absent
 * @param blockedBy     while it is not up: the monitor it depends on whose outage its failures belong to (that
 *                      monitor is DOWN), see {@link dev.upwatch.core.model.Dependencies}
 */
public record ServiceStatus(Monitor monitor, Status status, Instant since, Optional<Sample> lastSample,
                            List<Duration> recentResponseTimes, Map<UptimeWindow, CheckCounts> windowCounts,
                            List<DailyCounts> dailyCounts, Optional<Monitor> blockedBy) {
    public ServiceStatus {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastSample, "lastSample");
        recentResponseTimes = List.copyOf(recentResponseTimes);
        EnumMap<UptimeWindow, CheckCounts> counts = new EnumMap<>(UptimeWindow.class);
        counts.putAll(windowCounts);
        windowCounts = java.util.Collections.unmodifiableMap(counts);
        dailyCounts = List.copyOf(dailyCounts);
        Objects.requireNonNull(blockedBy, "blockedBy");
    }

    /** The reason of a paused monitor. */
    public static final String PAUSED = "paused: not checked until resumed";

    /** A service whose failures are its own. */
    public ServiceStatus(Monitor monitor, Status status, Instant since, Optional<Sample> lastSample,
                         List<Duration> recentResponseTimes, Map<UptimeWindow, CheckCounts> windowCounts,
                         List<DailyCounts> dailyCounts) {
        this(monitor, status, since, lastSample, recentResponseTimes, windowCounts, dailyCounts, Optional.empty());
    }

    /**
     * Why the service is not up (failing conditions, probe error, or for DEGRADED the slow response time), and whatever
     * the status, that its latest check was refused by the egress policy; empty when it is up or has no check yet.
     * While a monitor it depends on is DOWN, that outage: {@code unreachable: Router is down}. While paused, that.
     */
    public Optional<String> reason() {
        if (monitor.paused()) {
            return Optional.of(PAUSED);
        }
        if (blockedBy.isPresent() && status != Status.UP) {
            return Optional.of(StatusReason.unreachable(blockedBy.get()));
        }
        return StatusReason.of(monitor, status, lastSample);
    }

    /** Uptime in percent over {@code window}; empty when there were no decisive checks. */
    public OptionalDouble uptime(UptimeWindow window) {
        return windowCounts.getOrDefault(window, CheckCounts.NONE).uptimePercent();
    }
}
