package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.port.SampleStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A start reads the stored samples of all its monitors at once ({@link SampleStore#recentOfEach}), not one query per
 * monitor, and restores each monitor from them as before; when that read fails, each monitor's is read alone.
 */
class StartupSampleReadsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    private static final List<Monitor> MONITORS = IntStream.range(0, 30).mapToObj(i -> Monitor.builder(
            MonitorId.of("m" + i), "M" + i, new ProbeSpec("test", ProbeSettings.empty())).failureThreshold(2).build())
            .toList();

    /** The in-memory store, counting the reads of each kind; {@code eachFails} makes the read at once fail. */
    private static final class CountingStore implements SampleStore {
        final InMemorySampleStore samples = new InMemorySampleStore();
        final boolean eachFails;
        int recentReads;
        final List<Collection<MonitorId>> eachReads = new ArrayList<>();

        CountingStore(boolean eachFails) {
            this.eachFails = eachFails;
        }

        @Override
        public void append(List<Sample> batch) {
            samples.append(batch);
        }

        @Override
        public List<Sample> recent(MonitorId monitorId, int limit) {
            recentReads++;
            return samples.recent(monitorId, limit);
        }

        @Override
        public Map<MonitorId, List<Sample>> recentOfEach(Collection<MonitorId> monitorIds, int limit) {
            eachReads.add(List.copyOf(monitorIds));
            if (eachFails) {
                throw new IllegalStateException("connection reset");
            }
            return samples.recentOfEach(monitorIds, limit);
        }
    }

    /** Even monitors failed twice at the end (DOWN), odd ones passed; m29 has no samples (UNKNOWN). */
    private static void storeHistory(SampleStore store) {
        List<Sample> samples = new ArrayList<>();
        for (Monitor monitor : MONITORS.subList(0, MONITORS.size() - 1)) {
            int index = MONITORS.indexOf(monitor);
            for (int i = 0; i < 5; i++) {
                boolean fails = index % 2 == 0 && i >= 3;
                samples.add(new Sample(monitor.id(), T0.plusSeconds(20L * i), Duration.ofMillis(10),
                        fails ? Outcome.FAILURE : Outcome.SUCCESS,
                        fails ? Optional.of("connection refused") : Optional.empty(), List.of()));
            }
        }
        store.append(samples);
    }

    private static List<Status> statuses(StatusService service) {
        return MONITORS.stream().map(m -> service.service(m.id()).orElseThrow().status()).toList();
    }

    private static List<Status> expected() {
        List<Status> expected = new ArrayList<>();
        for (int i = 0; i < MONITORS.size() - 1; i++) {
            expected.add(i % 2 == 0 ? Status.DOWN : Status.UP);
        }
        expected.add(Status.UNKNOWN);
        return expected;
    }

    @Test
    void aStartReadsEveryMonitorsSamplesInOneCallAndRestoresEachFromThem() {
        CountingStore store = new CountingStore(false);
        storeHistory(store);
        StatusService service = new StatusService(CLOCK, store);

        service.track(MONITORS);

        assertEquals(List.of(MONITORS.stream().map(Monitor::id).toList()), store.eachReads);
        assertEquals(0, store.recentReads, "no read per monitor");
        assertEquals(expected(), statuses(service));

        Monitor added = Monitor.builder(MonitorId.of("added"), "Added", new ProbeSpec("test", ProbeSettings.empty()))
                .build();
        List<Monitor> more = new ArrayList<>(MONITORS);
        more.add(added);
        service.track(more);
        assertEquals(List.of(added.id()), store.eachReads.getLast(), "a later change reads only the new monitor's");
    }

    @Test
    void whenTheReadAtOnceFailsEachMonitorIsReadAloneWithTheSameStatuses() {
        CountingStore store = new CountingStore(true);
        storeHistory(store);
        StatusService service = new StatusService(CLOCK, store);

        service.track(MONITORS);

        assertEquals(1, store.eachReads.size());
        assertEquals(MONITORS.size(), store.recentReads);
        assertEquals(expected(), statuses(service));
    }
}
