package dev.upwatch.core.service;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.rule.UptimeCalculator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The uptime windows and daily bars of every monitor, kept in memory so that a refresh reads only a few rows: the
 * day counts of today and the 365 closed UTC days before it (loaded once, extended at each day roll-over), and the
 * part of each window's first day that lies inside the window (moved forward by reading only the buckets that left
 * it). Every flushed batch is also {@link #written added} here, so today's checks and late writes to a closed day or
 * to a window's first day are counted exactly as the store counts them.
 *
 * <p>The answer equals {@link UptimeCalculator#ranges} summed by the store as long as (a) only this process writes
 * rollups, through {@link #written}; (b) no check is dated after the refresh's clock (today's counts stand for
 * today's hours and minutes up to now); and (c) an hour's rollup holds the sum of its minutes' (true for what
 * {@link RollupRecorder} writes: every check goes into all three tiers in one {@link RollupStore#add}). Retention
 * never deletes what is cached or read here: {@link RollupRetention}'s minimums (25 h, 31 d, 366 d) lie beyond the
 * 24h window's first minutes, the 30d window's first hours and the 365d window's first day. Not thread-safe:
 * {@link StatusService} calls it under one lock.
 */
final class UptimeHistory {
    /** Days kept: today and the 365 closed days the 365d window reaches back to. */
    static final int CLOSED_DAYS = 366;
    /** Counters per day: checks (only whether any: 1 for a loaded day), successes, failures, errors. */
    private static final int FIELDS = 4;

    private final RollupStore store;
    /** Today (UTC) of the last refresh; null until loaded. */
    private LocalDate today;
    /** Per monitor the counters of the days it has checks on, at most the last {@link #CLOSED_DAYS}. */
    private final Map<MonitorId, Days> closed = new HashMap<>();
    /** Per window: the counts over [start, end of start's day). */
    private final Map<UptimeWindow, Partial> partials = new EnumMap<>(UptimeWindow.class);
    private Map<UptimeWindow, Map<MonitorId, CheckCounts>> windows = Map.of();
    private Map<MonitorId, List<DailyCounts>> bars = Map.of();
    /** Per monitor the closed days' sums of every window (3 per window, by ordinal); rebuilt when dirty. */
    private final Map<MonitorId, long[]> closedSums = new HashMap<>();
    /** Per monitor the bars of the closed days; rebuilt when dirty. */
    private final Map<MonitorId, List<DailyCounts>> closedBars = new HashMap<>();
    private boolean closedDirty = true;
    private int closedBarDays;

    /** Check counts of one window's first day from the window's start on, per monitor (successes, failures, errors). */
    private static final class Partial {
        private Instant start;
        private Map<MonitorId, long[]> counts = new HashMap<>();

        Partial(Instant start) {
            this.start = start;
        }

        Instant end() {
            return ceilDay(start);
        }
    }

    /**
     * The {@link #FIELDS} counters of a span of consecutive days of one monitor, from its first day with checks on.
     * It grows as days are added (a monitor checked only today holds one day, not a year: 10,000 new monitors held
     * 58 MB in fixed year-long arrays) and is cut to {@link #CLOSED_DAYS} days at each roll-over.
     */
    private static final class Days {
        /** Epoch day of {@code counts[0]}. */
        private long first;
        private int[] counts;

        Days(long day) {
            first = day;
            counts = new int[FIELDS];
        }

        /** The index of {@code day}'s first counter, growing the span to cover it. */
        int slot(long day) {
            if (counts.length == 0) { // every day was cut off at a roll-over: start again at this one
                first = day;
                counts = new int[FIELDS];
            } else if (day < first) {
                int shift = Math.toIntExact((first - day) * FIELDS);
                int[] grown = new int[counts.length + shift];
                System.arraycopy(counts, 0, grown, shift, counts.length);
                counts = grown;
                first = day;
            } else if (day >= first + counts.length / FIELDS) {
                counts = Arrays.copyOf(counts, Math.toIntExact((day - first + 1) * FIELDS));
            }
            return Math.toIntExact((day - first) * FIELDS);
        }

        /** Counter {@code field} of {@code day}; 0 for a day outside the span. */
        int get(long day, int field) {
            return day < first || day >= first + counts.length / FIELDS ? 0 : counts[(int) (day - first) * FIELDS + field];
        }

        /** Adds {@code amount} to counter {@code field} of {@code day}. */
        void add(long day, int field, int amount) {
            int slot = slot(day); // grows counts: read the field after
            counts[slot + field] += amount;
        }

        /** Sets counter {@code field} of {@code day}. */
        void set(long day, int field, int value) {
            int slot = slot(day); // grows counts: read the field after
            counts[slot + field] = value;
        }

        /** Forgets the days before {@code day} and zeroes {@code from} … {@code to}. */
        void reset(long day, long from, long to) {
            if (first < day) {
                long end = first + counts.length / FIELDS;
                counts = end <= day ? new int[0] : Arrays.copyOfRange(counts, (int) (day - first) * FIELDS, counts.length);
                first = day;
            }
            for (long d = Math.max(from, first); d <= to && d < first + counts.length / FIELDS; d++) {
                Arrays.fill(counts, (int) (d - first) * FIELDS, (int) (d - first + 1) * FIELDS, 0);
            }
        }
    }

    UptimeHistory(RollupStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Adds a batch just written to the store to the cached closed days and window starts. */
    void written(Collection<Rollup> batch) {
        if (today == null) {
            return;
        }
        LocalDate first = today.minusDays(CLOSED_DAYS - 1L);
        for (Rollup rollup : batch) {
            if (rollup.tier() == RollupTier.DAY) {
                LocalDate day = LocalDate.ofInstant(rollup.start(), ZoneOffset.UTC);
                if (!day.isBefore(first) && !day.isAfter(today) && rollup.checks() > 0) {
                    long epochDay = day.toEpochDay();
                    Days days = closed.computeIfAbsent(rollup.monitorId(), id -> new Days(epochDay));
                    CheckCounts counts = rollup.counts();
                    days.add(epochDay, 0, Math.toIntExact(rollup.checks()));
                    days.add(epochDay, 1, Math.toIntExact(counts.successes()));
                    days.add(epochDay, 2, Math.toIntExact(counts.failures()));
                    days.add(epochDay, 3, Math.toIntExact(counts.errors()));
                    closedDirty |= day.isBefore(today);
                }
            } else if (rollup.tier() == RollupTier.MINUTE && rollup.checks() > 0) {
                for (Partial partial : partials.values()) {
                    if (!rollup.start().isBefore(partial.start) && rollup.start().isBefore(partial.end())) {
                        add(partial.counts, rollup.monitorId(), rollup.counts(), 1);
                    }
                }
            }
        }
    }

    /** Forgets everything; the next {@link #refresh} loads from the store again. */
    void invalidate() {
        today = null;
        closed.clear();
        partials.clear();
        closedDirty = true;
    }

    /**
     * Brings every window and the bars of the last {@code barDays} days up to {@code now}. When the store cannot be
     * read the cache is emptied (the next refresh loads it again) and the failure is thrown.
     */
    void refresh(Instant now, int barDays) {
        try {
            advance(now, barDays);
        } catch (RuntimeException e) {
            invalidate();
            throw e;
        }
    }

    private void advance(Instant now, int barDays) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (today != null && day.isBefore(today)) {
            invalidate(); // the clock went back
        }
        List<List<RollupRange>> reads = new ArrayList<>();
        Map<UptimeWindow, Integer> fullRead = new EnumMap<>(UptimeWindow.class);
        Map<UptimeWindow, Integer> leftRead = new EnumMap<>(UptimeWindow.class);
        if (today == null) {
            closed.clear();
            load(day.minusDays(CLOSED_DAYS - 1L), day);
        } else if (day.isAfter(today)) {
            // Roll-over: the days up to yesterday are closed now; read them and the new today once (every flush so
            // far is in them; later ones are added by written).
            LocalDate from = today.isBefore(day.minusDays(CLOSED_DAYS - 1L)) ? day.minusDays(CLOSED_DAYS - 1L) : today;
            long oldest = day.minusDays(CLOSED_DAYS - 1L).toEpochDay();
            for (Days days : closed.values()) {
                days.reset(oldest, from.toEpochDay(), day.toEpochDay());
            }
            load(from, day);
            closedDirty = true;
        }
        today = day;
        for (UptimeWindow window : UptimeWindow.values()) {
            Instant start = UptimeCalculator.windowStart(window, now);
            Partial partial = partials.get(window);
            if (partial == null || start.isBefore(partial.start) || !ceilDay(start).equals(partial.end())) {
                partials.put(window, new Partial(start));
                closedDirty = true;
                if (start.isBefore(ceilDay(start))) {
                    fullRead.put(window, reads.size());
                    reads.add(UptimeCalculator.ranges(start, ceilDay(start)));
                }
            } else if (start.isAfter(partial.start)) {
                leftRead.put(window, reads.size());
                reads.add(UptimeCalculator.ranges(partial.start, start));
                partial.start = start;
            }
        }
        // One statement per read, not countsPerWindow: H2 scans the whole table for several ranges at once
        // (1.3 s at 1,000 monitors), and each read is one range read through the time-led primary key.
        List<Map<MonitorId, CheckCounts>> answers = reads.stream().map(store::counts).toList();
        fullRead.forEach((window, index) -> {
            Map<MonitorId, long[]> counts = new HashMap<>();
            answers.get(index).forEach((id, c) -> add(counts, id, c, 1));
            partials.get(window).counts = counts;
        });
        leftRead.forEach((window, index) -> {
            Map<MonitorId, long[]> counts = partials.get(window).counts;
            answers.get(index).forEach((id, c) -> add(counts, id, c, -1));
        });
        compute(day, barDays);
    }

    /** The counts of every window per monitor as of the last refresh; monitors without checks are absent. */
    Map<UptimeWindow, Map<MonitorId, CheckCounts>> windows() {
        return windows;
    }

    /** The daily bars per monitor as of the last refresh, as {@link RollupStore#dailyCounts} returns them. */
    Map<MonitorId, List<DailyCounts>> bars() {
        return bars;
    }

    private void compute(LocalDate day, int barDays) {
        if (closedDirty || barDays != closedBarDays) {
            sumClosedDays(day, barDays);
        }
        long epochToday = day.toEpochDay();
        java.util.Set<MonitorId> ids = new java.util.HashSet<>(closed.keySet());
        partials.values().forEach(partial -> ids.addAll(partial.counts.keySet()));
        UptimeWindow[] all = UptimeWindow.values();
        Map<UptimeWindow, Map<MonitorId, CheckCounts>> perWindow = new EnumMap<>(UptimeWindow.class);
        for (UptimeWindow window : all) {
            perWindow.put(window, new HashMap<>());
        }
        Map<MonitorId, List<DailyCounts>> perMonitorBars = new HashMap<>();
        for (MonitorId id : ids) {
            long[] closedSum = closedSums.get(id);
            Days span = closed.get(id);
            boolean checkedToday = span != null && span.get(epochToday, 0) > 0;
            CheckCounts now = checkedToday ? new CheckCounts(span.get(epochToday, 1), span.get(epochToday, 2),
                    span.get(epochToday, 3)) : CheckCounts.NONE;
            for (UptimeWindow window : all) {
                long[] sum = {now.successes(), now.failures(), now.errors()};
                long[] head = partials.get(window).counts.get(id);
                for (int i = 0; i < 3; i++) {
                    sum[i] += (head == null ? 0 : head[i]) + (closedSum == null ? 0 : closedSum[window.ordinal() * 3 + i]);
                }
                if (sum[0] + sum[1] + sum[2] > 0) {
                    perWindow.get(window).put(id, new CheckCounts(sum[0], sum[1], sum[2]));
                }
            }
            List<DailyCounts> closedDays = closedBars.getOrDefault(id, List.of());
            if (checkedToday) {
                List<DailyCounts> days = new ArrayList<>(closedDays.size() + 1);
                days.addAll(closedDays);
                days.add(new DailyCounts(day, now));
                perMonitorBars.put(id, List.copyOf(days));
            } else if (!closedDays.isEmpty()) {
                perMonitorBars.put(id, closedDays);
            }
        }
        perWindow.replaceAll((window, counts) -> Map.copyOf(counts));
        windows = perWindow;
        bars = Map.copyOf(perMonitorBars);
    }

    /**
     * Sums the closed days of every window (from the end of its first day to yesterday) and builds the closed days'
     * bars; they change only at a roll-over, a new first day or a late write to a closed day.
     */
    private void sumClosedDays(LocalDate day, int barDays) {
        closedSums.clear();
        closedBars.clear();
        long epochToday = day.toEpochDay();
        UptimeWindow[] all = UptimeWindow.values();
        closed.forEach((id, span) -> {
            long[] sums = new long[all.length * 3];
            for (UptimeWindow window : all) {
                long first = LocalDate.ofInstant(partials.get(window).end(), ZoneOffset.UTC).toEpochDay();
                for (long d = first; d < epochToday; d++) {
                    sums[window.ordinal() * 3] += span.get(d, 1);
                    sums[window.ordinal() * 3 + 1] += span.get(d, 2);
                    sums[window.ordinal() * 3 + 2] += span.get(d, 3);
                }
            }
            closedSums.put(id, sums);
            List<DailyCounts> days = new ArrayList<>(barDays);
            for (long d = epochToday - barDays + 1; d < epochToday; d++) {
                if (span.get(d, 0) > 0) {
                    days.add(new DailyCounts(LocalDate.ofEpochDay(d),
                            new CheckCounts(span.get(d, 1), span.get(d, 2), span.get(d, 3))));
                }
            }
            if (!days.isEmpty()) {
                closedBars.put(id, List.copyOf(days));
            }
        });
        closedDirty = false;
        closedBarDays = barDays;
    }

    /** Reads the closed days {@code from} … {@code to} of every monitor into its span. */
    private void load(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            return;
        }
        store.dailyCounts(from, to).forEach((id, days) -> {
            if (days.isEmpty()) {
                return;
            }
            Days span = closed.computeIfAbsent(id, key -> new Days(days.getFirst().day().toEpochDay()));
            for (DailyCounts daily : days) {
                long day = daily.day().toEpochDay();
                CheckCounts counts = daily.counts();
                // dailyCounts lists only days with checks; maintenance checks are in none of the three counts.
                span.set(day, 0, Math.max(1, Math.toIntExact(counts.successes() + counts.failures() + counts.errors())));
                span.set(day, 1, Math.toIntExact(counts.successes()));
                span.set(day, 2, Math.toIntExact(counts.failures()));
                span.set(day, 3, Math.toIntExact(counts.errors()));
            }
        });
    }

    private static void add(Map<MonitorId, long[]> counts, MonitorId id, CheckCounts delta, int sign) {
        long[] sum = counts.computeIfAbsent(id, key -> new long[3]);
        sum[0] += sign * delta.successes();
        sum[1] += sign * delta.failures();
        sum[2] += sign * delta.errors();
    }

    private static Instant ceilDay(Instant instant) {
        Instant floor = RollupTier.DAY.floor(instant);
        return floor.equals(instant) ? instant : floor.plus(RollupTier.DAY.length());
    }
}
