package dev.upwatch.probes;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.CheckRunner;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs one check of a probe built from settings, as a probe test needs it: the bare outcome, or a whole sample. */
public final class ProbeChecks {
    /** A generous budget: a loaded machine must not turn a slow start into a failure. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private ProbeChecks() {
    }

    /** One check's outcome, with {@code needed} as the placeholders conditions read. */
    public static ProbeOutcome outcome(ProbeFactory factory, ProbeEnvironment environment, Map<String, ?> settings,
                                       Placeholder... needed) throws Exception {
        try (Probe probe = factory.create(ProbeSettings.of(settings), environment)) {
            return probe.probe(ProbeContext.startingNow(MonitorId.of(factory.type()), TIMEOUT, Set.of(needed)));
        }
    }

    /**
     * One check run as the engine runs it, on the environment's clock, with {@code conditions} (none: the type's
     * defaults).
     */
    public static Sample sample(ProbeFactory factory, ProbeEnvironment environment, Map<String, ?> settings,
                                String... conditions) {
        Monitor.Builder monitor = Monitor.builder(MonitorId.of(factory.type()), factory.type(),
                ProbeSpec.of(factory.type(), settings)).interval(Duration.ofMinutes(1)).timeout(TIMEOUT);
        for (String condition : conditions.length > 0 ? java.util.List.of(conditions) : factory.defaultConditions()) {
            monitor.condition(dev.upwatch.core.condition.ConditionParser.parse(condition));
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
             Probe probe = factory.create(ProbeSettings.of(settings), environment)) {
            return new CheckRunner(environment.clock(), executor).run(monitor.build(), probe);
        }
    }
}
