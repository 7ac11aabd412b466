package dev.upwatch.core.service;

import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The samples as readers must see them: the store's, and those the {@link SampleBuffer} holds until its writer's
 * next batch (up to {@link SampleBuffer#BATCH_WINDOW}). A check's status changes before its sample is written, so a
 * reader of a monitor's samples right after its status changed finds the sample here. Appends go to the store.
 *
 * <p>Each read takes the buffer's samples of the monitor first and reads the store after, so a sample written in
 * between is found twice and kept once (a monitor's checks from one place never share a start: the scheduler runs
 * one at a time), and none is missed. A monitor's unwritten samples are its newest: they were offered after every written one.
 */
final class BufferedSampleReads implements SampleStore {
    private final SampleStore store;
    private final SampleBuffer buffer;

    BufferedSampleReads(SampleStore store, SampleBuffer buffer) {
        this.store = Objects.requireNonNull(store, "store");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
    }

    @Override
    public void append(List<Sample> samples) {
        store.append(samples);
    }

    @Override
    public List<Sample> recent(MonitorId monitorId, int limit) {
        List<Sample> unwritten = buffer.unwritten(monitorId);
        List<Sample> stored = store.recent(monitorId, limit);
        return unwritten.isEmpty() ? stored : newestFirst(stored, unwritten, limit);
    }

    @Override
    public Map<MonitorId, List<Sample>> recentOfEach(Collection<MonitorId> monitorIds, int limit) {
        Map<MonitorId, List<Sample>> unwritten = buffer.unwritten(Set.copyOf(monitorIds));
        Map<MonitorId, List<Sample>> stored = store.recentOfEach(monitorIds, limit);
        if (unwritten.isEmpty()) {
            return stored;
        }
        Map<MonitorId, List<Sample>> merged = new HashMap<>(stored);
        unwritten.forEach((id, samples) -> merged.put(id, newestFirst(stored.getOrDefault(id, List.of()), samples,
                limit)));
        return merged;
    }

    @Override
    public List<Sample> between(MonitorId monitorId, Instant from, Instant to, int limit) {
        List<Sample> unwritten = buffer.unwritten(monitorId);
        return oldestFirst(store.between(monitorId, from, to, limit), unwritten, from, to, limit);
    }

    @Override
    public List<Sample> between(MonitorId monitorId, Location location, Instant from, Instant to, int limit) {
        List<Sample> unwritten = buffer.unwritten(monitorId).stream()
                .filter(sample -> sample.location().equals(java.util.Optional.of(location))).toList();
        return oldestFirst(store.between(monitorId, location, from, to, limit), unwritten, from, to, limit);
    }

    @Override
    public long forEachBetween(MonitorId monitorId, Instant from, Instant to, Consumer<Sample> sink) {
        List<Sample> unwritten = buffer.unwritten(monitorId);
        Set<Key> stored = new HashSet<>();
        long count = store.forEachBetween(monitorId, from, to, sample -> {
            stored.add(Key.of(sample));
            sink.accept(sample);
        });
        for (Sample sample : sorted(unwritten)) {
            if (inRange(sample, from, to) && !stored.contains(Key.of(sample))) {
                sink.accept(sample);
                count++;
            }
        }
        return count;
    }

    /** {@code stored} (oldest first, at most {@code limit}) and the unwritten ones in range after them. */
    private static List<Sample> oldestFirst(List<Sample> stored, List<Sample> unwritten, Instant from, Instant to,
                                            int limit) {
        if (unwritten.isEmpty() || stored.size() >= limit) {
            return stored;
        }
        List<Sample> merged = new ArrayList<>(stored);
        Set<Key> starts = starts(stored);
        for (Sample sample : sorted(unwritten)) {
            if (merged.size() >= limit) {
                break;
            }
            if (inRange(sample, from, to) && starts.add(Key.of(sample))) {
                merged.add(sample);
            }
        }
        merged.sort(Comparator.comparing(Sample::startedAt)); // stable
        return merged;
    }

    private static List<Sample> newestFirst(List<Sample> stored, List<Sample> unwritten, int limit) {
        Set<Key> starts = starts(unwritten);
        List<Sample> merged = new ArrayList<>(unwritten);
        stored.stream().filter(sample -> !starts.contains(Key.of(sample))).forEach(merged::add);
        merged.sort(Comparator.comparing(Sample::startedAt).reversed());
        return merged.size() > limit ? List.copyOf(merged.subList(0, limit)) : merged;
    }

    private static List<Sample> sorted(List<Sample> samples) {
        List<Sample> copy = new ArrayList<>(samples);
        copy.sort(Comparator.comparing(Sample::startedAt));
        return copy;
    }

    private static Set<Key> starts(List<Sample> samples) {
        Set<Key> starts = new HashSet<>();
        samples.forEach(sample -> starts.add(Key.of(sample)));
        return starts;
    }

    /**
     * What tells two samples of one monitor apart: where and when they started, to the microsecond — the stores keep
     * starts to the microsecond, so a sample read back from one has lost the nanoseconds it had in the buffer.
     */
    private record Key(Instant startedAt, java.util.Optional<Location> location) {
        static Key of(Sample sample) {
            return new Key(sample.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS), sample.location());
        }
    }

    private static boolean inRange(Sample sample, Instant from, Instant to) {
        return !sample.startedAt().isBefore(from) && sample.startedAt().isBefore(to);
    }
}
