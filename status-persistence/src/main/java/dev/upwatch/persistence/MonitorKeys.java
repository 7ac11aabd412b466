package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorId;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static dev.upwatch.persistence.schema.Tables.MONITOR;

/**
 * Maps monitor ids to the integer keys of the {@code monitor} table, creating rows on first use.
 *
 * <p>Rows are created in their own committed statements, never inside a caller's transaction, so a cached key
 * always names a row that exists. Rows are never deleted, so the cache never goes stale.
 */
final class MonitorKeys {
    /** Keys per {@code IN (...)} list: far below every driver's bind parameter limit. */
    private static final int CHUNK = 500;

    private final DSLContext dsl;
    private final Map<MonitorId, Integer> cache = new ConcurrentHashMap<>();

    MonitorKeys(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The key of {@code id} if the monitor has a row; never creates one. */
    Optional<Integer> find(MonitorId id) {
        Integer cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Map<MonitorId, Integer> found = new HashMap<>();
        load(List.of(id.value()), found);
        return Optional.ofNullable(found.get(id));
    }

    /** The key of each of {@code ids} that has a row (a few queries for any number); never creates one. */
    Map<MonitorId, Integer> findAll(Collection<MonitorId> ids) {
        Map<MonitorId, Integer> keys = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (MonitorId id : ids) {
            Integer cached = cache.get(id);
            if (cached != null) {
                keys.put(id, cached);
            } else {
                missing.add(id.value());
            }
        }
        if (!missing.isEmpty()) {
            load(missing, keys);
        }
        return keys;
    }

    /** The key of every id, inserting the missing rows; safe when several threads or processes race. */
    Map<MonitorId, Integer> resolve(Set<MonitorId> ids) {
        Map<MonitorId, Integer> keys = findAll(ids);
        // Sorted, so concurrent inserts take their row locks in one order and cannot deadlock.
        TreeSet<String> missing = new TreeSet<>();
        for (MonitorId id : ids) {
            if (!keys.containsKey(id)) {
                missing.add(id.value());
            }
        }
        if (missing.isEmpty()) {
            return keys;
        }
        IntegrityConstraintViolationException race = null;
        try {
            insertIgnoringExisting(missing);
        } catch (IntegrityConstraintViolationException e) {
            // H2 emulates ON CONFLICT with MERGE, which can still collide with a concurrent insert; the row is there.
            race = e;
        }
        load(missing, keys);
        missing.removeIf(value -> keys.containsKey(MonitorId.of(value)));
        if (!missing.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("could not create monitor rows for " + missing);
            if (race != null) {
                failure.addSuppressed(race);
            }
            throw failure;
        }
        return keys;
    }

    /**
     * One JDBC batch of single-row inserts, not multi-row statements: H2 runs {@code ON CONFLICT} as a {@code MERGE}
     * over a {@code UNION ALL} of the rows, and each parsed statement it caches per connection kept the tokens of
     * every nested union level — about 30 MB per 500-row statement, held for good (found at 10,000 monitors).
     */
    private void insertIgnoringExisting(Collection<String> values) {
        BatchBindStep batch = dsl.batch(dsl.insertInto(MONITOR, MONITOR.KEY).values((String) null)
                .onConflict(MONITOR.KEY).doNothing());
        for (String value : values) {
            batch = batch.bind(value);
        }
        batch.execute();
    }

    /** Adds the rows that exist for {@code values} to {@code into} and to the cache. */
    private void load(Collection<String> values, Map<MonitorId, Integer> into) {
        for (List<String> chunk : chunks(values)) {
            dsl.select(MONITOR.KEY, MONITOR.ID).from(MONITOR).where(MONITOR.KEY.in(chunk)).forEach(row -> {
                MonitorId id = MonitorId.of(row.value1());
                cache.put(id, row.value2());
                into.put(id, row.value2());
            });
        }
    }

    private static List<List<String>> chunks(Collection<String> values) {
        List<String> all = List.copyOf(values);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }
}
