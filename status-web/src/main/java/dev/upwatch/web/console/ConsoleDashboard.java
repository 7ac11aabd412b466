package dev.upwatch.web.console;

import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The console dashboard's rows: every monitor, private ones included, from the engine's full status snapshot (the
 * object the public page's snapshot is filtered from), filtered, searched, ordered and cut into pages on the server.
 * Per snapshot the rows are made once and each order sorted once (kept while the snapshot object is the same), so a
 * request at 10,000 monitors costs one pass of filtering and a page of rows, not a sort or 10,000 renders
 * (figures in docs/benchmarks.md).
 */
public final class ConsoleDashboard {
    /** Rows per order for the snapshot object {@link #cachedFor}. */
    private volatile Map<DashboardQuery.Sort, List<Row>> ordered = new ConcurrentHashMap<>();
    private volatile StatusSnapshot cachedFor;
    private volatile Facets facets;

    /**
     * One monitor as the dashboard shows it.
     *
     * @param id           monitor id
     * @param name         display name
     * @param group        its group, or empty
     * @param type         probe type
     * @param status       status wire name
     * @param statusLabel  status in words
     * @param reason       why it is not up, or empty
     * @param responseMs   the latest response time in ms, or -1 without a check
     * @param since        when the status began (ISO-8601)
     * @param privateMonitor true when the public page does not show it
     * @param pagePosition its place on the public page
     */
    public record Row(String id, String name, String group, String type, String status, String statusLabel,
                      String reason, long responseMs, Instant since, boolean privateMonitor, int pagePosition) {
        /** The response time as shown: {@code 123 ms}, or a dash. */
        public String response() {
            return responseMs < 0 ? "—" : responseMs + " ms";
        }

        /** When the status began, ISO-8601 to the second. */
        public String sinceText() {
            return since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        }
    }

    /**
     * The choices of the filters: the groups, statuses and types there are, and how many monitors have each status.
     *
     * @param groups   group names, sorted
     * @param types    probe types, sorted
     * @param statuses status wire names in severity order, with counts
     */
    public record Facets(List<String> groups, List<String> types, Map<String, Integer> statuses) {
        public Facets {
            groups = List.copyOf(groups);
            types = List.copyOf(types);
            statuses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(statuses));
        }
    }

    /**
     * One page of the dashboard.
     *
     * @param rows     the page's rows
     * @param matching how many monitors match the filters
     * @param total    how many monitors there are
     * @param pages    how many pages the matching monitors fill (at least 1)
     * @param facets   the filters' choices
     */
    public record Page(List<Row> rows, int matching, int total, int pages, Facets facets) {
        public Page {
            rows = List.copyOf(rows);
        }
    }

    /** The page {@code query} asks for, from {@code snapshot}. */
    public Page page(StatusSnapshot snapshot, DashboardQuery query) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(query, "query");
        List<Row> rows = ordered(snapshot, query.sort());
        Predicate<Row> filter = filter(query);
        int from = (query.page() - 1) * DashboardQuery.PAGE_SIZE;
        List<Row> page = new ArrayList<>(DashboardQuery.PAGE_SIZE);
        int matching = 0;
        int size = rows.size();
        for (int i = 0; i < size; i++) {
            Row row = rows.get(query.descending() ? size - 1 - i : i);
            if (filter.test(row)) {
                if (matching >= from && page.size() < DashboardQuery.PAGE_SIZE) {
                    page.add(row);
                }
                matching++;
            }
        }
        int pages = Math.max(1, (matching + DashboardQuery.PAGE_SIZE - 1) / DashboardQuery.PAGE_SIZE);
        return new Page(page, matching, size, pages, facets);
    }

    private static Predicate<Row> filter(DashboardQuery query) {
        String search = query.search().toLowerCase(Locale.ROOT);
        return row -> (query.group().isEmpty() || row.group().equals(query.group()))
                && (query.status().isEmpty() || row.status().equals(query.status()))
                && (query.type().isEmpty() || row.type().equals(query.type()))
                && (search.isEmpty() || row.name().toLowerCase(Locale.ROOT).contains(search)
                || row.id().toLowerCase(Locale.ROOT).contains(search));
    }

    /** The snapshot's rows in {@code sort} order, made and sorted once per snapshot object. */
    private List<Row> ordered(StatusSnapshot snapshot, DashboardQuery.Sort sort) {
        if (cachedFor != snapshot) {
            synchronized (this) {
                if (cachedFor != snapshot) {
                    List<Row> rows = rows(snapshot);
                    Map<DashboardQuery.Sort, List<Row>> fresh = new ConcurrentHashMap<>();
                    fresh.put(DashboardQuery.Sort.PAGE, rows);
                    facets = facets(rows);
                    ordered = fresh;
                    cachedFor = snapshot;
                }
            }
        }
        return ordered.computeIfAbsent(sort, s -> {
            List<Row> sorted = new ArrayList<>(ordered.get(DashboardQuery.Sort.PAGE));
            sorted.sort(comparator(s));
            return List.copyOf(sorted);
        });
    }

    private List<Row> rows(StatusSnapshot snapshot) {
        List<Row> rows = new ArrayList<>(snapshot.services().size());
        int position = 0;
        for (ServiceStatus service : snapshot.services()) {
            var monitor = service.monitor();
            rows.add(new Row(monitor.id().value(), monitor.name(), Objects.requireNonNullElse(monitor.group(), ""),
                    monitor.probe().type(), service.status().wireName(), label(service.status()),
                    service.reason().orElse(""),
                    service.lastSample().map(sample -> sample.responseTime().toMillis()).orElse(-1L), service.since(),
                    !monitor.isPublic(), position++));
        }
        return List.copyOf(rows);
    }

    private static Facets facets(List<Row> rows) {
        TreeSet<String> groups = new TreeSet<>();
        TreeSet<String> types = new TreeSet<>();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (Status status : Status.values()) {
            statuses.put(status.wireName(), 0);
        }
        for (Row row : rows) {
            if (!row.group().isEmpty()) {
                groups.add(row.group());
            }
            types.add(row.type());
            statuses.merge(row.status(), 1, Integer::sum);
        }
        return new Facets(new ArrayList<>(groups), new ArrayList<>(types), statuses);
    }

    private static Comparator<Row> comparator(DashboardQuery.Sort sort) {
        Comparator<Row> byPage = Comparator.comparingInt(Row::pagePosition);
        return switch (sort) {
            case PAGE -> byPage;
            case NAME -> Comparator.comparing((Row row) -> row.name().toLowerCase(Locale.ROOT)).thenComparing(byPage);
            case STATUS -> Comparator.comparing((Row row) -> Status.valueOf(row.status().toUpperCase(Locale.ROOT)))
                    .reversed().thenComparing(byPage); // worst first
            case GROUP -> Comparator.comparing(Row::group).thenComparing(byPage);
            case TYPE -> Comparator.comparing(Row::type).thenComparing(byPage);
            case RESPONSE -> Comparator.comparingLong(Row::responseMs).reversed().thenComparing(byPage); // slowest first
            case SINCE -> Comparator.comparing(Row::since).reversed().thenComparing(byPage); // newest change first
        };
    }

    private static String label(Status status) {
        return switch (status) {
            case UP -> "Up";
            case MAINTENANCE -> "Maintenance";
            case UNKNOWN -> "Unknown";
            case DEGRADED -> "Degraded";
            case DOWN -> "Down";
        };
    }
}
