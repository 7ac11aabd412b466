package dev.upwatch.web.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps Micrometer's JVM binders within Prometheus' naming rules ({@code promtool check metrics}): its
 * {@code process.cpu.time} counter is in nanoseconds ({@code process_cpu_time_ns_total}: not a base unit), so it is
 * left out and {@link UpwatchMetrics} registers {@code process_cpu_seconds_total} instead, the name Prometheus'
 * own clients use; {@code system.cpu.count} would end in {@code _count}, which belongs to histograms and
 * summaries, so it becomes {@code system_cpu_processors}.
 */
final class ExpositionNames implements MeterFilter {
    static final String PROCESS_CPU_NANOSECONDS = "process.cpu.time";
    static final String CPU_COUNT = "system.cpu.count";
    static final String PROCESSORS = "system.cpu.processors";

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return id.getName().equals(PROCESS_CPU_NANOSECONDS) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        return id.getName().equals(CPU_COUNT) ? id.withName(PROCESSORS) : id;
    }
}
