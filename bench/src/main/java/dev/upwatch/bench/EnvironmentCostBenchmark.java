package dev.upwatch.bench;

import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.ProbeEnvironment;

import java.io.IOException;
import java.util.Locale;

/**
 * What the probe environment adds to an HTTP check: one policy-checked resolve of the target and one check of the
 * address at connect, timed over a million rounds (five times, to see the JIT-warm cost). Usage:
 * {@code java -cp upwatch-bench.jar dev.upwatch.bench.EnvironmentCostBenchmark}.
 */
public final class EnvironmentCostBenchmark {
    private static final int ROUNDS = 1_000_000;

    private EnvironmentCostBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long sink = 0;
        try (ProbeEnvironment environment = ProbeEnvironment.builder().build()) {
            for (int run = 1; run <= 5; run++) {
                long start = System.nanoTime();
                for (int i = 0; i < ROUNDS; i++) {
                    CheckedAddress address = environment.resolve("127.0.0.1").get(0);
                    sink += environment.check(address.address()).hostAddress().length();
                }
                System.out.printf(Locale.ROOT, "run %d: resolve + check of 127.0.0.1: %.2f µs per check%n", run,
                        (System.nanoTime() - start) / 1e3 / ROUNDS);
            }
        }
        System.out.println(sink == 0 ? "" : "(" + sink + ")");
    }
}
