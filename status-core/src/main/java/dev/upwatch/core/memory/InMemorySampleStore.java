package dev.upwatch.core.memory;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link SampleStore} in memory, for embedding without a database and for tests; keeps every sample. */
public final class InMemorySampleStore implements SampleStore {
    private final Map<MonitorId, List<Sample>> samples = new HashMap<>();

    @Override
    public synchronized void append(List<Sample> batch) {
        for (Sample sample : batch) {
            samples.computeIfAbsent(sample.monitorId(), id -> new ArrayList<>()).add(sample);
        }
    }

    @Override
    public synchronized List<Sample> recent(MonitorId monitorId, int limit) {
        return samples.getOrDefault(monitorId, List.of()).stream()
                .sorted(Comparator.comparing(Sample::startedAt).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<Sample> between(MonitorId monitorId, Instant from, Instant to, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return samples.getOrDefault(monitorId, List.of()).stream()
                .filter(s -> !s.startedAt().isBefore(from) && s.startedAt().isBefore(to))
                .sorted(Comparator.comparing(Sample::startedAt))
                .limit(limit)
                .toList();
    }

    /** Every stored sample of {@code monitorId}, in append order. */
    public synchronized List<Sample> all(MonitorId monitorId) {
        return List.copyOf(samples.getOrDefault(monitorId, List.of()));
    }
}
