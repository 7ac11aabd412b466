package dev.upwatch.core.model;


import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service to watch: what to probe, how often, and what counts as healthy.
 *
 * @param id               stable identifier (URLs, storage)
 * @param name             display name
 * @param group            display group on the status page
 * @param probe            probe type and its settings
 * @param interval         time between two check starts
 * @param timeout          deadline of one check; at most {@code interval}
 * @param conditions       conditions that must all hold for a check to succeed (parsed at load time)
 * @param degradedAbove    response time above which a passing check counts as DEGRADED, if any
 * @param failureThreshold consecutive failed checks before the monitor is DOWN (at least 1)
 * @param successThreshold consecutive passing checks before a DOWN monitor is UP again (at least 1)
 * @param degradedAfter    consecutive slow passing checks before the monitor is DEGRADED (at least 1)
 * @param retryInterval    time between checks while the last check failed but the failure threshold is not
 *                         reached yet; at least 1s, at most {@code interval} (equal: no faster retries)
 * @param visibility       whether the public page and API show it
 * @param sla              the uptime it is meant to reach in every reported period, if one is set (SLA reports)
 * @param placement        the locations that check it and the quorum of their verdicts (a cluster)
 * @param dependsOn        the monitors it cannot work without ({@code depends-on}): while one of them is DOWN, this
 *                         one's failures are attributed to it and notify nothing of their own
 * @param paused           true while it is paused ({@code paused: true}): not checked, shown as paused, left out of
 *                         the page's overall status; its uptime counts no time while paused (there are no checks)
 */
public record Monitor(MonitorId id, String name, String group, ProbeSpec probe, Duration interval, Duration timeout,
                      List<Condition> conditions, Optional<Duration> degradedAbove,
                      int failureThreshold, int successThreshold, int degradedAfter, Duration retryInterval,
                      Visibility visibility, Optional<SlaTarget> sla, Placement placement, List<MonitorId> dependsOn,
                      boolean paused) {

    /** Default group of monitors that do not name one. */
    public static final String DEFAULT_GROUP = "Services";

    public Monitor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(degradedAbove, "degradedAbove");
        conditions = List.copyOf(conditions);
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("interval must be at least 1s, got " + DurationText.format(interval));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + DurationText.format(timeout));
        }
        if (timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("timeout (" + DurationText.format(timeout)
                    + ") must not exceed interval (" + DurationText.format(interval) + ")");
        }
        degradedAbove.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("degraded-above must be positive, got " + DurationText.format(d));
            }
        });
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1, got " + failureThreshold);
        }
        if (successThreshold < 1) {
            throw new IllegalArgumentException("success threshold must be at least 1, got " + successThreshold);
        }
        if (degradedAfter < 1) {
            throw new IllegalArgumentException("degraded-after must be at least 1, got " + degradedAfter);
        }
        Objects.requireNonNull(retryInterval, "retryInterval");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(placement, "placement");
        dependsOn = List.copyOf(dependsOn);
        if (retryInterval.compareTo(Duration.ofSeconds(1)) < 0 || retryInterval.compareTo(interval) > 0) {
            throw new IllegalArgumentException("retry-interval must be between 1s and the interval ("
                    + DurationText.format(interval) + "), got " + DurationText.format(retryInterval));
        }
    }

    /** A monitor checked from every location of a cluster by a majority verdict, not paused. */
    public Monitor(MonitorId id, String name, String group, ProbeSpec probe, Duration interval, Duration timeout,
                   List<Condition> conditions, Optional<Duration> degradedAbove, int failureThreshold,
                   int successThreshold, int degradedAfter, Duration retryInterval, Visibility visibility,
                   Optional<SlaTarget> sla, List<MonitorId> dependsOn) {
        this(id, name, group, probe, interval, timeout, conditions, degradedAbove, failureThreshold, successThreshold,
                degradedAfter, retryInterval, visibility, sla, Placement.EVERYWHERE, dependsOn, false);
    }

    /** A monitor that depends on no other, not paused. */
    public Monitor(MonitorId id, String name, String group, ProbeSpec probe, Duration interval, Duration timeout,
                   List<Condition> conditions, Optional<Duration> degradedAbove, int failureThreshold,
                   int successThreshold, int degradedAfter, Duration retryInterval, Visibility visibility,
                   Optional<SlaTarget> sla, Placement placement) {
        this(id, name, group, probe, interval, timeout, conditions, degradedAbove, failureThreshold, successThreshold,
                degradedAfter, retryInterval, visibility, sla, placement, List.of(), false);
    }

    /** A monitor checked from every location of a cluster by a majority verdict, depending on no other. */
    public Monitor(MonitorId id, String name, String group, ProbeSpec probe, Duration interval, Duration timeout,
                   List<Condition> conditions, Optional<Duration> degradedAbove, int failureThreshold,
                   int successThreshold, int degradedAfter, Duration retryInterval, Visibility visibility,
                   Optional<SlaTarget> sla) {
        this(id, name, group, probe, interval, timeout, conditions, degradedAbove, failureThreshold, successThreshold,
                degradedAfter, retryInterval, visibility, sla, Placement.EVERYWHERE);
    }

    /** A monitor without an SLA target. */
    public Monitor(MonitorId id, String name, String group, ProbeSpec probe, Duration interval, Duration timeout,
                   List<Condition> conditions, Optional<Duration> degradedAbove, int failureThreshold,
                   int successThreshold, int degradedAfter, Duration retryInterval, Visibility visibility) {
        this(id, name, group, probe, interval, timeout, conditions, degradedAbove, failureThreshold, successThreshold,
                degradedAfter, retryInterval, visibility, Optional.empty());
    }

    /**
     * A monitor with the default degraded-after (1) and retry interval ({@link #defaultRetryInterval}); kept for
     * callers written before those settings existed.
     */
    public Monitor(MonitorId id, String name, String group, ProbeSpec probe, Duration interval, Duration timeout,
                   List<Condition> conditions, Optional<Duration> degradedAbove,
                   int failureThreshold, int successThreshold) {
        this(id, name, group, probe, interval, timeout, conditions, degradedAbove, failureThreshold, successThreshold,
                1, defaultRetryInterval(interval), Visibility.PUBLIC);
    }

    /** A public monitor with the given degraded-after and retry interval. */
    public Monitor(MonitorId id, String name, String group, ProbeSpec probe, Duration interval, Duration timeout,
                   List<Condition> conditions, Optional<Duration> degradedAbove,
                   int failureThreshold, int successThreshold, int degradedAfter, Duration retryInterval) {
        this(id, name, group, probe, interval, timeout, conditions, degradedAbove, failureThreshold, successThreshold,
                degradedAfter, retryInterval, Visibility.PUBLIC);
    }

    /** A monitor with the default degraded-after and retry interval and the given visibility. */
    public Monitor(MonitorId id, String name, String group, ProbeSpec probe, Duration interval, Duration timeout,
                   List<Condition> conditions, Optional<Duration> degradedAbove,
                   int failureThreshold, int successThreshold, Visibility visibility) {
        this(id, name, group, probe, interval, timeout, conditions, degradedAbove, failureThreshold, successThreshold,
                1, defaultRetryInterval(interval), visibility);
    }

    /**
     * The retry interval of a monitor that sets none: a third of the interval (so a failure threshold of 2 or 3
     * is reached within about one interval), but at least 1s and at most the interval.
     */
    public static Duration defaultRetryInterval(Duration interval) {
        Duration third = Duration.ofMillis(interval.toMillis() / 3);
        Duration atLeast = third.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : third;
        return atLeast.compareTo(interval) > 0 ? interval : atLeast;
    }

    /** True when a failed check is retried sooner than the next regular check. */
    public boolean retriesSooner() {
        return retryInterval.compareTo(interval) < 0;
    }

    /** This monitor with other conditions. */
    public Monitor withConditions(List<Condition> otherConditions) {
        return new Monitor(id, name, group, probe, interval, timeout, otherConditions, degradedAbove, failureThreshold,
                successThreshold, degradedAfter, retryInterval, visibility, sla, placement, dependsOn, paused);
    }

    /** This monitor paused ({@code true}) or resumed. */
    public Monitor withPaused(boolean pause) {
        return new Monitor(id, name, group, probe, interval, timeout, conditions, degradedAbove, failureThreshold,
                successThreshold, degradedAfter, retryInterval, visibility, sla, placement, dependsOn, pause);
    }

    /** True when the public page, API, badges and event stream may show it: the one visibility rule. */
    public boolean isPublic() {
        return visibility == Visibility.PUBLIC;
    }

    /** Starts a monitor with the defaults: 60s interval, 10s timeout, failure threshold 2, success threshold 1. */
    public static Builder builder(MonitorId id, String name, ProbeSpec probe) {
        return new Builder(id, name, probe);
    }

    /** Builds a {@link Monitor}; unset fields take the documented defaults. */
    public static final class Builder {
        private final MonitorId id;
        private final String name;
        private final ProbeSpec probe;
        private String group = DEFAULT_GROUP;
        private Duration interval = Duration.ofSeconds(60);
        private Duration timeout = Duration.ofSeconds(10);
        private List<Condition> conditions = List.of();
        private Optional<Duration> degradedAbove = Optional.empty();
        private int failureThreshold = 2;
        private int successThreshold = 1;
        private int degradedAfter = 1;
        private Duration retryInterval;
        private Visibility visibility = Visibility.PUBLIC;
        private Optional<SlaTarget> sla = Optional.empty();
        private Placement placement = Placement.EVERYWHERE;
        private List<MonitorId> dependsOn = List.of();
        private boolean paused;

        private Builder(MonitorId id, String name, ProbeSpec probe) {
            this.id = id;
            this.name = name;
            this.probe = probe;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder conditions(List<Condition> conditions) {
            this.conditions = conditions;
            return this;
        }

        /**
         * Adds a parsed condition, e.g. {@code ConditionParser.parse("[STATUS] == 200")} (the parser lives above the
         * model, in {@code dev.upwatch.core.condition}).
         */
        public Builder condition(Condition condition) {
            List<Condition> more = new java.util.ArrayList<>(conditions);
            more.add(java.util.Objects.requireNonNull(condition, "condition"));
            this.conditions = more;
            return this;
        }

        public Builder degradedAbove(Duration degradedAbove) {
            this.degradedAbove = Optional.of(degradedAbove);
            return this;
        }

        public Builder failureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
            return this;
        }

        public Builder successThreshold(int successThreshold) {
            this.successThreshold = successThreshold;
            return this;
        }

        public Builder visibility(Visibility visibility) {
            this.visibility = visibility;
            return this;
        }

        /** The uptime target of SLA reports; default none. */
        public Builder sla(SlaTarget sla) {
            this.sla = Optional.of(sla);
            return this;
        }

        /** The locations that check it and their quorum; default every live location, majority. */
        public Builder placement(Placement placement) {
            this.placement = placement;
            return this;
        }

        /** The monitors this one cannot work without; default none. */
        public Builder dependsOn(List<MonitorId> dependsOn) {
            this.dependsOn = dependsOn;
            return this;
        }

        /** Whether it starts paused; default false. */
        public Builder paused(boolean paused) {
            this.paused = paused;
            return this;
        }

        /** Consecutive slow passing checks before DEGRADED; default 1. */
        public Builder degradedAfter(int degradedAfter) {
            this.degradedAfter = degradedAfter;
            return this;
        }

        /** Check interval while failing but not yet DOWN; default {@link #defaultRetryInterval} of the interval. */
        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        public Monitor build() {
            return new Monitor(id, name, group, probe, interval, timeout, conditions, degradedAbove,
                    failureThreshold, successThreshold, degradedAfter,
                    retryInterval != null ? retryInterval : defaultRetryInterval(interval), visibility, sla, placement,
                    dependsOn, paused);
        }
    }
}
