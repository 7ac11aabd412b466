package dev.upwatch.core.service;

import dev.upwatch.core.definition.CheckOnce;
import dev.upwatch.core.definition.DefinitionRefused;
import dev.upwatch.core.definition.MonitorDefinitions;
import dev.upwatch.core.definition.Refusal;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.PushSettings;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeRegistry;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * {@link CheckOnce} on the engine's parts: the definition is validated by {@link MonitorDefinitions}, its probe built
 * by the {@link ProbeRegistry} in the engine's {@link ProbeEnvironment} (egress-checked), run once by a
 * {@link CheckRunner} under the monitor's timeout, and closed. The sample goes to the caller only.
 */
public final class OneOffCheck implements CheckOnce {
    private final MonitorDefinitions definitions;
    private final ProbeRegistry probes;
    private final ProbeEnvironment environment;
    private final CheckRunner runner;

    /** @param probeExecutor runs the probe call, so that a hanging probe is abandoned at the monitor's timeout */
    public OneOffCheck(MonitorDefinitions definitions, ProbeRegistry probes, ProbeEnvironment environment, Clock clock,
                       ExecutorService probeExecutor) {
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        this.probes = Objects.requireNonNull(probes, "probes");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.runner = new CheckRunner(Objects.requireNonNull(clock, "clock"), probeExecutor);
    }

    @Override
    public Sample check(Map<String, Object> definition, Optional<String> replacing) {
        Monitor monitor = definitions.validated(definition, replacing);
        String type = monitor.probe().type();
        if (type.equals(PushSettings.TYPE)) {
            throw new DefinitionRefused(Refusal.NOT_CHECKABLE, "a push monitor is not checked by Upwatch: it waits for the"
                    + " pushes of its sender, so there is nothing to check now");
        }
        if (!probes.checksEgress(type)) {
            throw new DefinitionRefused(Refusal.NOT_CHECKABLE, "the " + type + " probe opens its own connections, outside the"
                    + " egress policy, so it is not run on demand");
        }
        Probe probe;
        try {
            probe = probes.create(monitor.probe(), environment);
        } catch (InvalidSettingException e) {
            // validated() built this probe already; a setting that fails now is the same problem, by key.
            throw new dev.upwatch.core.config.InvalidConfigException(java.util.List.of(
                    new dev.upwatch.core.config.ConfigProblem("request", 0, e.key(), e.problem())));
        }
        try (probe) {
            return runner.run(monitor, probe);
        }
    }
}
