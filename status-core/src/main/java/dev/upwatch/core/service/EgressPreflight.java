package dev.upwatch.core.service;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.NameResolver;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the egress policy will refuse, found before anything runs and without sending a packet: each monitor's probe is
 * checked once in a {@linkplain ProbeEnvironment.Builder#dryRun() dry-run environment}, which resolves and judges every
 * target by the policy and connects to none. {@code check-config} prints the findings as warnings.
 */
public final class EgressPreflight {
    /** Longest a monitor's dry run may take (a slow name lookup), whatever its timeout. */
    static final Duration LONGEST = Duration.ofSeconds(10);

    private EgressPreflight() {
    }

    /**
     * A monitor the policy will refuse, or whose probe type the policy cannot see.
     *
     * @param monitor the monitor
     * @param problem what would happen and why, e.g. "blocked by egress policy: 127.0.0.1 is a loopback address"
     */
    public record Finding(MonitorId monitor, String problem) {
        public Finding {
            Objects.requireNonNull(monitor, "monitor");
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * The findings for {@code monitors}, in their order; monitors are looked at in parallel.
     *
     * @param resolver looks names up (the system's in {@code check-config})
     */
    public static List<Finding> findings(List<Monitor> monitors, ProbeRegistry probes, EgressPolicy policy,
                                         NameResolver resolver) throws InterruptedException {
        List<Future<List<Finding>>> pending = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
             ProbeEnvironment dryRun = ProbeEnvironment.builder().egressPolicy(policy).nameResolver(resolver).dryRun()
                     .build()) {
            CheckRunner runner = new CheckRunner(Clock.systemUTC(), executor);
            for (Monitor monitor : monitors) {
                pending.add(executor.submit(() -> look(monitor, probes, dryRun, runner)));
            }
            List<Finding> findings = new ArrayList<>();
            for (Future<List<Finding>> future : pending) {
                try {
                    findings.addAll(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("looking at a monitor failed: " + e.getCause(), e.getCause());
                }
            }
            return findings;
        }
    }

    private static List<Finding> look(Monitor monitor, ProbeRegistry probes, ProbeEnvironment dryRun, CheckRunner runner) {
        String type = monitor.probe().type();
        if (!probes.checksEgress(type)) {
            // Its factory predates the environment: running it would really connect, so it is not run.
            return List.of(new Finding(monitor.id(), "probe type '" + type + "' does not use the probe environment: "
                    + "the egress policy does not check its connections"));
        }
        Monitor quick = monitor.timeout().compareTo(LONGEST) <= 0 ? monitor
                : Monitor.builder(monitor.id(), monitor.name(), monitor.probe()).interval(monitor.interval())
                        .timeout(LONGEST).build();
        try (Probe probe = probes.create(quick.probe(), dryRun)) {
            Sample sample = runner.run(quick, probe);
            return sample.outcome() == Outcome.BLOCKED
                    ? List.of(new Finding(monitor.id(), sample.error().orElse("blocked by egress policy")))
                    : List.of();
        }
    }
}
