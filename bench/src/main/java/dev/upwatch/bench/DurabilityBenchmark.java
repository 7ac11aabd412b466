package dev.upwatch.bench;

import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.service.SampleBuffer;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What making each sample batch durable costs on the embedded H2 store: appends the same typical HTTP samples (1,000
 * monitors, five phases, one condition) through the real sample store in batches of several sizes — 1 to 5 is what
 * the engine's writer forms at 1,000 monitors every 30 s, 5,000 what it forms draining a backlog — each size into a
 * fresh database file, and reports samples/s and process CPU per sample. {@code ./upwatch bench --durability}; see
 * docs/benchmarks.md.
 */
final class DurabilityBenchmark {
    private static final int[] BATCHES = {1, 5, 30, 5_000};

    private DurabilityBenchmark() {
    }

    /**
     * The engine's steady state at 1,000 monitors every 30 s: 33.3 samples/s offered to the real {@link SampleBuffer}
     * (default settings) for {@code seconds} after a 10 s warm-up; reports the batches it formed and process CPU per
     * sample, which the engine's CPU per check includes.
     */
    static void trickle(int seconds) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int count = (int) Math.round(33.3 * (seconds + 10));
        List<Sample> samples = IngestBenchmark.samples(count, 1_000, 1);
        Path directory = Files.createTempDirectory("upwatch-durability");
        try (Database database = Database.open(DatabaseSettings.embedded(directory))) {
            java.util.concurrent.atomic.AtomicLong batches = new java.util.concurrent.atomic.AtomicLong();
            SampleStore store = database.sampleStore();
            SampleStore counting = new SampleStore() {
                @Override
                public void append(List<Sample> batch) {
                    store.append(batch);
                    batches.incrementAndGet();
                }

                @Override
                public List<Sample> recent(dev.upwatch.core.model.MonitorId monitorId, int limit) {
                    return store.recent(monitorId, limit);
                }
            };
            EngineSettings settings = EngineSettings.defaults();
            SampleBuffer buffer = new SampleBuffer(counting, settings.bufferCapacity(), settings.writeBatchSize(),
                    settings.flushInterval());
            buffer.start();
            long cpu = 0;
            long writtenAtStart = 0;
            long batchesAtStart = 0;
            long period = 30_000_000L; // ns between samples: 33.3/s
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (i == 333) { // after the 10 s warm-up
                    cpu = os.getProcessCpuTime();
                    writtenAtStart = buffer.written();
                    batchesAtStart = batches.get();
                }
                buffer.offer(samples.get(i));
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            long written = buffer.written() - writtenAtStart;
            long formed = batches.get() - batchesAtStart;
            double cpuMicros = (os.getProcessCpuTime() - cpu) / 1e3;
            buffer.close();
            System.out.printf(Locale.ROOT, "trickle: 33.3 samples/s for %d s: %,d samples in %,d batches (%.1f per batch), "
                    + "process CPU %.0f µs per sample%n", seconds, written, formed, (double) written / formed,
                    cpuMicros / written);
        }
    }

    static void run(int samplesPerSize) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "| batch | samples | samples/s | CPU µs per sample | CPU µs per batch |%n"
                + "|---|---|---|---|---|%n");
        for (int batch : BATCHES) {
            int count = batch == 1 ? Math.min(samplesPerSize, 5_000) : samplesPerSize;
            List<Sample> samples = IngestBenchmark.samples(count, 1_000, 1);
            Path directory = Files.createTempDirectory("upwatch-durability");
            try (Database database = Database.open(DatabaseSettings.embedded(directory))) {
                SampleStore store = database.sampleStore();
                store.append(samples.subList(0, Math.min(1_000, count))); // monitor rows, JIT, connections
                long cpu = os.getProcessCpuTime();
                long started = System.nanoTime();
                for (int from = 0; from < count; from += batch) {
                    store.append(samples.subList(from, Math.min(count, from + batch)));
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpuMicros = (os.getProcessCpuTime() - cpu) / 1e3;
                System.out.printf(Locale.ROOT, "| %,d | %,d | %,.0f | %.1f | %.0f |%n", batch, count, count / seconds,
                        cpuMicros / count, cpuMicros / Math.ceil((double) count / batch));
            }
        }
    }
}
