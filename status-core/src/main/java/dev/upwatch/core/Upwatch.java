package dev.upwatch.core;

import dev.upwatch.core.memory.FixedMonitorCatalog;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.memory.InMemoryTransitionStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.TransitionStore;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.service.RollupRetention;
import dev.upwatch.core.service.TransitionJournal;
import dev.upwatch.core.service.UpwatchEngine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Embeds the monitoring engine in any Java application, without Guice or the web module:
 * {@code Upwatch.builder().monitor(...).onStatusChange(listener).start()}. See docs/embedding.md.
 */
public final class Upwatch {
    private Upwatch() {
    }

    /**
     * Starts a builder: no monitors, an in-memory store, the probes found on the class path, the UTC clock, and the
     * {@linkplain EgressPolicy#defaults() built-in egress policy} (private addresses allowed; cloud metadata,
     * link-local and the other always-denied ranges refused).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Assembles and starts an {@link UpwatchEngine}. */
    public static final class Builder {
        private final List<Monitor> monitors = new ArrayList<>();
        private final List<Notifier> notifiers = new ArrayList<>();
        private final List<dev.upwatch.core.model.MaintenanceWindow> maintenance = new ArrayList<>();
        private SampleStore store;
        private RollupStore rollups;
        private TransitionStore transitions;
        private RollupRetention retention = RollupRetention.defaults();
        private ProbeRegistry probes;
        private Clock clock = Clock.systemUTC();
        private EngineSettings settings = EngineSettings.defaults();
        private EgressPolicy egress = EgressPolicy.defaults();

        private Builder() {
        }

        /** Adds a monitor; one without conditions gets its probe type's default conditions. */
        public Builder monitor(Monitor monitor) {
            monitors.add(Objects.requireNonNull(monitor, "monitor"));
            return this;
        }

        /** Where samples are kept; by default in memory (lost on exit). A jOOQ store comes from status-persistence's {@code Database}. */
        public Builder store(SampleStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Where uptime history (minute, hour and day rollups) is kept; by default in memory. A jOOQ store comes from
         * status-persistence's {@code Database}.
         */
        public Builder rollupStore(RollupStore rollups) {
            this.rollups = Objects.requireNonNull(rollups, "rollups");
            return this;
        }

        /**
         * Where each status change is committed, so that a restart restores every monitor's last committed status; by
         * default in memory. A jOOQ store comes from status-persistence's {@code Database}.
         */
        public Builder transitionStore(TransitionStore transitions) {
            this.transitions = Objects.requireNonNull(transitions, "transitions");
            return this;
        }

        /** How long rollups of each tier are kept; by default 48 hours, 90 days and 730 days. */
        public Builder rollupRetention(RollupRetention retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /** Calls {@code listener} on every status change (on a checking thread: return quickly). */
        public Builder onStatusChange(Notifier listener) {
            notifiers.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds a maintenance window: its monitors show MAINTENANCE while it is open and are not declared DOWN. */
        public Builder maintenance(dev.upwatch.core.model.MaintenanceWindow window) {
            maintenance.add(Objects.requireNonNull(window, "window"));
            return this;
        }

        /** The probe types to use; by default every {@code ProbeFactory} on the class path. */
        public Builder probes(ProbeRegistry probes) {
            this.probes = Objects.requireNonNull(probes, "probes");
            return this;
        }

        /** The wall clock for timestamps. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Which addresses probes may connect to; by default {@link EgressPolicy#defaults()}, which allows loopback and
         * private addresses (the monitors are the embedding program's own). A program that turns someone else's input
         * into monitors sets the safe policy, e.g. {@code EgressPolicy.denyPrivate(List.of(Cidr.parse("10.20.0.0/16")))}.
         */
        public Builder egressPolicy(EgressPolicy policy) {
            this.egress = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Engine limits (concurrency, buffer sizes, refresh periods). */
        public Builder settings(EngineSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Validates every monitor's probe settings, then starts checking.
         *
         * @return the running engine; close it to stop (it writes buffered samples first)
         * @throws dev.upwatch.core.model.InvalidSettingException for a monitor with bad probe settings
         */
        public UpwatchEngine start() {
            ProbeRegistry registry = probes != null ? probes : ProbeRegistry.load(Thread.currentThread().getContextClassLoader());
            List<Monitor> prepared = new ArrayList<>(monitors.size());
            for (Monitor monitor : monitors) {
                registry.validate(monitor.probe());
                prepared.add(monitor.conditions().isEmpty()
                        ? monitor.withConditions(registry.defaultConditions(monitor.probe().type()).stream()
                        .map(dev.upwatch.core.condition.ConditionParser::parse).toList()) : monitor);
            }
            UpwatchEngine engine = new UpwatchEngine(new FixedMonitorCatalog(prepared), registry,
                    store != null ? store : new InMemorySampleStore(),
                    rollups != null ? rollups : new InMemoryRollupStore(), retention, notifiers, clock, settings,
                    new dev.upwatch.core.rule.MaintenanceCalendar(maintenance),
                    ProbeEnvironment.builder().egressPolicy(egress).clock(clock).build(),
                    new TransitionJournal(transitions != null ? transitions : new InMemoryTransitionStore(), List.of()),
                    Optional.empty());
            engine.start();
            return engine;
        }
    }
}
