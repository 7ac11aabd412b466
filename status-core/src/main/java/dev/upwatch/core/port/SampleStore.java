package dev.upwatch.core.port;

import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Durable storage of check samples; uptime is computed from rollups ({@link RollupStore}), not from here. */
public interface SampleStore {

    /**
     * Stores the samples in one batch, all or none, durably: when it returns they survive the process being killed
     * (the sample buffer counts them as written then).
     *
     * @throws RuntimeException when the store cannot be written; the caller keeps the batch and retries
     */
    void append(List<Sample> samples);

    /** The newest samples of a monitor, newest first, at most {@code limit}. */
    List<Sample> recent(MonitorId monitorId, int limit);

    /**
     * The newest samples of each monitor, newest first, at most {@code limit} each, as {@link #recent} gives them; a
     * monitor without samples maps to an empty list. A start reads every monitor's through this: the default asks
     * {@link #recent} once per monitor, stores override it with a fixed number of queries.
     */
    default Map<MonitorId, List<Sample>> recentOfEach(Collection<MonitorId> monitorIds, int limit) {
        Map<MonitorId, List<Sample>> recent = new LinkedHashMap<>();
        for (MonitorId monitorId : monitorIds) {
            recent.put(monitorId, recent(monitorId, limit));
        }
        return recent;
    }

    /**
     * The samples of a monitor that started in {@code [from, to)}, oldest first, at most {@code limit}: the page's
     * charts and the API's paged samples read history through this. The default reads {@link #recent} whole; stores
     * override it with a range query.
     */
    default List<Sample> between(MonitorId monitorId, Instant from, Instant to, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return recent(monitorId, Integer.MAX_VALUE).reversed().stream()
                .filter(s -> !s.startedAt().isBefore(from) && s.startedAt().isBefore(to))
                .limit(limit)
                .toList();
    }

    /**
     * As {@link #between(MonitorId, Instant, Instant, int)}, only the samples taken from {@code location} (in a
     * cluster). The default filters {@link #between} read whole; stores override it with a query. Samples packed into
     * days keep no location, so they are never among them.
     */
    default List<Sample> between(MonitorId monitorId, Location location, Instant from, Instant to, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return between(monitorId, from, to, Integer.MAX_VALUE).stream()
                .filter(s -> s.location().filter(location::equals).isPresent())
                .limit(limit)
                .toList();
    }

    /**
     * Hands each sample of a monitor that started in {@code [from, to)} to {@code sink}, oldest first, without holding
     * them all: exports read through this. Stores override it to stream from a cursor; the default reads
     * {@link #between} whole.
     *
     * @return how many samples were handed over
     */
    default long forEachBetween(MonitorId monitorId, Instant from, Instant to, Consumer<Sample> sink) {
        List<Sample> samples = between(monitorId, from, to, Integer.MAX_VALUE);
        samples.forEach(sink);
        return samples.size();
    }
}
