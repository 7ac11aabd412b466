package dev.upwatch.web.console;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.Visibility;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's filters, search, orders and pages over every monitor, private ones included. */
class ConsoleDashboardTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    /** {@code n} monitors: every third down, every fifth private, groups A/B, types tcp/http. */
    static StatusSnapshot snapshot(int n) {
        List<ServiceStatus> services = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Monitor monitor = Monitor.builder(MonitorId.of("m" + i), "Service " + i,
                            ProbeSpec.of(i % 2 == 0 ? "tcp" : "http", Map.of()))
                    .group(i % 4 < 2 ? "A" : "B").visibility(i % 5 == 0 ? Visibility.PRIVATE : Visibility.PUBLIC).build();
            services.add(new ServiceStatus(monitor, i % 3 == 0 ? Status.DOWN : Status.UP, T0.plusSeconds(i),
                    Optional.empty(), List.of(), Map.of(), List.of()));
        }
        return new StatusSnapshot(T0, Status.DOWN, services);
    }

    private final ConsoleDashboard dashboard = new ConsoleDashboard();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            everything                  | group=,  status=,     type=,     q=      | 30 | m0
            private ones included       | group=,  status=,     type=,     q=m5    | 1  | m5
            by group                    | group=B, status=,     type=,     q=      | 14 | m2
            by status                   | group=,  status=down, type=,     q=      | 10 | m0
            by type                     | group=,  status=,     type=http, q=      | 15 | m1
            search, case-insensitive    | group=,  status=,     type=,     q=VICE 2 | 11 | m2
            everything at once          | group=A, status=down, type=tcp,  q=1     | 1  | m12
            nothing                     | group=C, status=,     type=,     q=      | 0  | -
            """)
    void filtersAndSearches(String what, String filters, int matching, String first) {
        Map<String, String> f = new java.util.HashMap<>();
        for (String pair : filters.split(",")) {
            String[] kv = pair.trim().split("=", 2);
            f.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        ConsoleDashboard.Page page = dashboard.page(snapshot(30), DashboardQuery.of(f.get("group"), f.get("status"),
                f.get("type"), f.get("q"), null, null, null));
        assertEquals(matching, page.matching(), what);
        assertEquals(30, page.total());
        assertEquals(first, page.rows().isEmpty() ? "-" : page.rows().getFirst().id(), what);
    }

    @Test
    void ordersPagesAndCountsStatuses() {
        StatusSnapshot snapshot = snapshot(250);
        ConsoleDashboard.Page first = dashboard.page(snapshot, DashboardQuery.ALL);
        assertEquals(100, first.rows().size());
        assertEquals(3, first.pages());
        assertEquals(Map.of("up", 166, "maintenance", 0, "unknown", 0, "degraded", 0, "down", 84),
                first.facets().statuses());
        assertEquals(List.of("A", "B"), first.facets().groups());
        assertEquals(List.of("http", "tcp"), first.facets().types());
        ConsoleDashboard.Page third = dashboard.page(snapshot, DashboardQuery.of("", "", "", "", "", "", "3"));
        assertEquals(50, third.rows().size());
        assertEquals("m200", third.rows().getFirst().id());

        assertEquals("m0", dashboard.page(snapshot, DashboardQuery.of("", "", "", "", "status", "", "1")).rows()
                .getFirst().id(), "worst first, then page order");
        assertEquals("m249", dashboard.page(snapshot, DashboardQuery.of("", "", "", "", "since", "", "1")).rows()
                .getFirst().id(), "newest change first");
        assertEquals("m0", dashboard.page(snapshot, DashboardQuery.of("", "", "", "", "since", "desc", "1")).rows()
                .getFirst().id(), "reversed");
        assertEquals("Service 0", dashboard.page(snapshot, DashboardQuery.of("", "", "", "", "name", "", "1")).rows()
                .getFirst().name());
        assertEquals("Service 99", dashboard.page(snapshot, DashboardQuery.of("", "", "", "", "name", "desc", "1"))
                .rows().getFirst().name(), "by name as text");
        assertTrue(first.rows().getFirst().privateMonitor());
    }

    @Test
    void readsBadParametersAsTheDefaults() {
        DashboardQuery query = DashboardQuery.of(null, null, null, "x".repeat(500), "nonsense", "sideways", "-4");
        assertEquals(new DashboardQuery("", "", "", "x".repeat(100), DashboardQuery.Sort.PAGE, false, 1), query);
        assertEquals(1, DashboardQuery.of(null, null, null, null, null, null, "abc").page());
        ConsoleDashboard.Page beyond = dashboard.page(snapshot(5), DashboardQuery.of("", "", "", "", "", "", "9"));
        assertEquals(List.of(), beyond.rows());
        assertEquals(5, beyond.matching());
    }

    @Test
    void linksKeepTheOtherParameters() {
        DashboardQuery query = DashboardQuery.of("B & C", "down", "", "api", "name", "", "2");
        DashboardView view = new DashboardView(dashboard.page(snapshot(300), query), query);
        assertEquals("/admin?group=B+%26+C&status=down&q=api&sort=name&order=desc", view.sortLink("name"));
        assertEquals("/admin?group=B+%26+C&status=down&q=api&sort=status", view.sortLink("status"));
        assertEquals("ascending", view.ariaSort("name"));
        assertEquals("none", view.ariaSort("status"));
        assertEquals("/admin?group=B+%26+C&status=down&q=api&sort=name&page=3", view.pageLink(3));
        assertEquals("/admin?group=B+%26+C&status=down&q=api&sort=name", view.pageLink(1));
    }

    @Test
    void sortsEachOrderOncePerSnapshot() {
        StatusSnapshot snapshot = snapshot(1000);
        DashboardQuery byName = DashboardQuery.of("", "", "", "", "name", "", "1");
        ConsoleDashboard.Page once = dashboard.page(snapshot, byName);
        ConsoleDashboard.Page again = dashboard.page(snapshot, byName);
        assertSame(once.rows().getFirst(), again.rows().getFirst(), "the rows are made once per snapshot object");
        ConsoleDashboard.Page next = dashboard.page(snapshot(1000), byName);
        assertTrue(once.rows().getFirst() != next.rows().getFirst(), "and again for a new snapshot");
    }
}
