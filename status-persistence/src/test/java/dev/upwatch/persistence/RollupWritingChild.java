package dev.upwatch.persistence;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.SampleBuffer;
import dev.upwatch.core.service.StatusService;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The child process of {@link RollupCrashTest}: checks of {@value #MONITORS} monitors go to the sample buffer and
 * the status service as the engine records them (queued, then folded into the rollups), the rollups are written every
 * {@value #FLUSH_MILLIS} ms as the engine writes them (once the samples they hold are durable), and after the third
 * write the process halts at {@code args[3]}: {@code BETWEEN} (checks pending in memory since the last write) or
 * {@code TAKEN} (inside a write, after the rollups left memory, before they reach the store). Arguments: an H2
 * directory, or a JDBC URL, user and password (see {@link ChildJvm}); then the point.
 */
final class RollupWritingChild {
    static final int MONITORS = 12;
    static final long FLUSH_MILLIS = 300;

    private RollupWritingChild() {
    }

    static List<Monitor> monitors() {
        return IntStream.range(0, MONITORS).mapToObj(i -> Monitor.builder(MonitorId.of("m" + i), "m" + i,
                new ProbeSpec("test", ProbeSettings.empty())).interval(Duration.ofSeconds(20)).failureThreshold(2)
                .build()).toList();
    }

    public static void main(String[] args) throws Exception {
        Database database = Database.open(ChildJvm.database(args));
        boolean haltWhenTaken = args[3].equals("TAKEN");
        List<Monitor> monitors = monitors();
        StatusService status = new StatusService(Clock.systemUTC(), database.sampleStore(), database.rollupStore());
        status.track(monitors);
        SampleBuffer buffer = new SampleBuffer(database.sampleStore(), 100_000, 5_000, Duration.ofSeconds(1));
        buffer.start();
        Thread.ofPlatform().daemon().start(() -> {
            for (int flush = 1; ; flush++) {
                sleep(FLUSH_MILLIS);
                boolean last = flush == 3;
                status.flushRollups(() -> {
                    if (!buffer.awaitWritten(Duration.ofSeconds(30))) {
                        throw new IllegalStateException("samples not written");
                    }
                    if (last && haltWhenTaken) {
                        halt("in a rollup write");
                    }
                });
                if (last) {
                    sleep(FLUSH_MILLIS / 2); // half an interval of checks pending, and some in the sample buffer
                    halt("between rollup writes");
                }
            }
        });
        for (long i = 0; ; i++) {
            Monitor monitor = monitors.get((int) (i % MONITORS));
            Outcome outcome = i % 7 == 3 ? Outcome.FAILURE : i % 11 == 5 ? Outcome.ERROR : Outcome.SUCCESS;
            Sample sample = new Sample(monitor.id(), Clock.systemUTC().instant(), Duration.ofMillis(i % 400 + 1),
                    outcome, outcome == Outcome.SUCCESS ? Optional.empty() : Optional.of("failed"), List.of());
            buffer.offer(sample); // queued before recorded, as UpwatchEngine.record does
            status.checked(monitor, sample);
            if (i % 3 == 2) {
                sleep(2);
            }
        }
    }

    private static void halt(String where) {
        System.out.println("HALTING " + where);
        System.out.flush();
        Runtime.getRuntime().halt(ChildJvm.HALTED);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
