package dev.upwatch.web.console;

import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.web.page.AssetCatalog;
import dev.upwatch.web.page.FreemarkerWriter;
import dev.upwatch.web.page.Html;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;

import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.List;

/**
 * The dashboard's server time at 1,000 and 10,000 monitors (not a test; figures in docs/benchmarks.md): the page for
 * a mix of queries (all, a status filter, a search, a sort by name reversed, page 50) — the live snapshot's version,
 * filtering, ordering, paging, the Freemarker render of the page's 100 rows into the live body ({@link ConsoleLive},
 * cut into fragments and compared with the query's previous render) and the frame around it — once with the snapshot
 * unchanged between requests and once with a new snapshot object for every request (the worst case: the monitors
 * check so often that every request finds a new version, so rows are rebuilt, resorted and rendered each time; this
 * is also what an open dashboard's update costs the server per version and query, shared by its open copies).
 *
 * <p>Run: {@code ./mvnw -q -B -ntp -pl status-web -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.upwatch.web.console.ConsoleDashboardBenchmark}
 */
public final class ConsoleDashboardBenchmark {
    private static final List<DashboardQuery> QUERIES = List.of(
            DashboardQuery.ALL,
            DashboardQuery.of("", "down", "", "", "", "", "1"),
            DashboardQuery.of("", "", "", "vice 12", "", "", "1"),
            DashboardQuery.of("B", "", "http", "", "name", "desc", "1"),
            DashboardQuery.of("", "", "", "", "since", "", "50"));

    private ConsoleDashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        FreemarkerWriter writer = new FreemarkerWriter(new AssetCatalog());
        ConsoleFrame frame = new ConsoleFrame("Dashboard", "ada", "admin", "csrf-token", true, true, "dashboard");
        for (int monitors : new int[] {1_000, 10_000}) {
            StatusSnapshot[] snapshots = new StatusSnapshot[8];
            for (int i = 0; i < snapshots.length; i++) {
                snapshots[i] = ConsoleDashboardTest.snapshot(monitors); // equal content, new objects
            }
            for (boolean changing : new boolean[] {false, true}) {
                java.util.concurrent.atomic.AtomicReference<StatusSnapshot> now = new java.util.concurrent.atomic
                        .AtomicReference<>(snapshots[0]);
                ConsoleLive dashboard = ConsoleLiveTest.live(now::get, writer);
                int rounds = 2_000;
                long[] nanos = new long[rounds];
                long bytes = 0;
                for (int warm = 0; warm < 500; warm++) {
                    now.set(snapshots[warm % snapshots.length]);
                    bytes += request(writer, dashboard, frame, QUERIES.get(warm % 5));
                }
                for (int i = 0; i < rounds; i++) {
                    now.set(changing ? snapshots[i % snapshots.length] : snapshots[0]);
                    long start = System.nanoTime();
                    bytes += request(writer, dashboard, frame, QUERIES.get(i % QUERIES.size()));
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                System.out.printf("%,6d monitors, snapshot %-9s: p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d requests, %,d bytes)%n",
                        monitors, changing ? "changing" : "unchanged", nanos[rounds / 2] / 1e6,
                        nanos[rounds * 99 / 100] / 1e6, nanos[rounds - 1] / 1e6, rounds, bytes);
            }
        }
    }

    private static long request(FreemarkerWriter writer, ConsoleLive dashboard, ConsoleFrame frame, DashboardQuery query)
            throws Exception {
        Html html = ConsoleResource.html("console/dashboard.ftlh", new ConsoleViews.DashboardPage(frame,
                dashboard.body(query)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        writer.writeTo(html, Html.class, Html.class, new Annotation[0], MediaType.TEXT_HTML_TYPE,
                new MultivaluedHashMap<>(), out);
        return out.size();
    }
}
