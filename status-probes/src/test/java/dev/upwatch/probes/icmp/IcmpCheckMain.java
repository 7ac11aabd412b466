package dev.upwatch.probes.icmp;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.CheckRunner;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One icmp check of {@code args[0]} as the engine runs it, for {@link IcmpWithoutRootTest}'s child processes: prints
 * the sample's outcome, its error (or "-") and its condition ({@code [PACKET_LOSS] < 50%}) rendered, one per line.
 */
public final class IcmpCheckMain {
    private IcmpCheckMain() {
    }

    public static void main(String[] args) {
        Map<String, String> settings = Map.of("host", args[0], "count", "3", "packet-interval", "10ms",
                "packet-timeout", "300ms");
        Monitor monitor = Monitor.builder(MonitorId.of("ping"), "Ping", ProbeSpec.of("icmp", settings))
                .interval(Duration.ofMinutes(1)).timeout(Duration.ofSeconds(10)).condition(dev.upwatch.core.condition.ConditionParser.parse("[PACKET_LOSS] < 50%")).build();
        try (ProbeEnvironment environment = ProbeEnvironment.builder().build();
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
             Probe probe = new IcmpProbeFactory().create(ProbeSettings.of(settings), environment)) {
            Sample sample = new CheckRunner(Clock.systemUTC(), executor).run(monitor, probe);
            System.out.println(sample.outcome());
            System.out.println(sample.error().orElse("-"));
            System.out.println(sample.conditionResults().isEmpty() ? "-" : sample.conditionResults().get(0).rendered());
        }
    }
}
