package dev.upwatch.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Module;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.auth.ConsoleGate;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private monitors, notification channels and internal addresses are absent from every route answered without
 * credentials. The routes are not listed by hand: they are read from the running application's Jersey model
 * ({@link ApplicationRoutes}), every GET route is requested without credentials, and whatever answers must not name
 * them; what refuses (401) is exactly the operators' set — the admin API, {@code /metrics}, the delivery log and the
 * cluster's nodes — and the remote agents' own routes (an agent token).
 */
class PrivateMonitorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A private address no packet is ever sent to: the egress policy refuses the webhook before it connects. */
    private static final String INTERNAL_ADDRESS = "10.77.0.9";
    /**
     * Texts that must never appear in a public answer: the private monitors' ids and names, their incident, the
     * notification channel's id, the internal address in its delivery errors, and a maintenance window of private
     * monitors only.
     */
    private static final List<String> SECRETS = List.of("covert-db", "Covert Database", "hush-api", "Hush API",
            "Covert outage", "covert-hook", INTERNAL_ADDRESS, "Covert patching");
    /** The routes that need a token; everything else must be safe to show anyone. */
    private static final List<String> OPERATOR_PREFIXES = List.of("/api/v1/admin", "/metrics", "/api/v1/notifications",
            "/api/v1/operator", "/api/v1/cluster", "/api/v1/agent", ConsoleGate.ROOT);
    private static final ApplicationRoutes ROUTES = new ApplicationRoutes();

    private static Path data;
    private static FlippableTarget target;
    private static UpwatchApplication app;
    private static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("upwatch-private");
        target = new FlippableTarget();
        Path file = data.resolve("upwatch.yml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { data-dir: "%s" }
                monitors:
                  - { id: target, name: "Target API", type: http, url: "%s", interval: 1s, timeout: 800ms }
                  - { id: covert-db, name: "Covert Database", type: tcp, host: 127.0.0.1, port: 9, interval: 1s,
                      timeout: 800ms, failure-threshold: 1, private: true }
                notifications:
                  - { id: covert-hook, type: webhook, url: "http://%s/hook", secret: "whsec_c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4" }
                maintenance:  # announced (they open in three days), so the monitors' status is not changed by them
                  - { title: "Shared upgrade", monitors: [covert-db, target], start: "%s", duration: 1h }
                  - { title: "Covert patching", monitors: [covert-db], start: "%4$s", duration: 1h }
                """.formatted(data.resolve("db").toString().replace("\\", "/"), target.healthUrl(), INTERNAL_ADDRESS,
                        Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS)),
                StandardCharsets.UTF_8);
        List<Module> modules = new ArrayList<>(UpwatchApplication.modules(new ConfigLoader(
                ProbeRegistry.load(PrivateMonitorTest.class.getClassLoader()), Map.of()).load(file), Clock.systemUTC(),
                UpwatchServerTest.fastEngine()));
        modules.add(ROUTES);
        app = UpwatchApplication.start(modules);
        adminToken = app.tokens().create("private-monitor-test", TokenScope.ADMIN).secret().value();
        HttpResponse<String> created = admin("POST", "api/v1/admin/monitors", """
                {"id": "hush-api", "name": "Hush API", "type": "http", "url": "%s", "interval": "1s", "timeout": "800ms",
                 "private": true}""".formatted(target.healthUrl()));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(201, admin("PUT", "api/v1/admin/incidents/covert", """
                {"title": "Covert outage", "impact": "down", "services": ["covert-db"]}""").statusCode());
        assertEquals(201, admin("PUT", "api/v1/admin/incidents/shared", """
                {"title": "Shared trouble", "impact": "degraded", "services": ["covert-db", "target"]}""").statusCode());
        UpwatchServerTest.await("every monitor decided", Duration.ofSeconds(20), () -> {
            String monitors = admin("GET", "api/v1/admin/monitors", null).body();
            return !monitors.contains("\"unknown\"") && monitors.contains("\"down\"");
        });
        // The secrets exist where operators look: otherwise their absence below would prove nothing.
        UpwatchServerTest.await("the private monitor's event refused for the channel's internal address",
                Duration.ofSeconds(20), () -> {
                    String log = admin("GET", "api/v1/notifications/deliveries", null).body();
                    return log.contains("covert-hook") && log.contains(INTERNAL_ADDRESS);
                });
        String metrics = admin("GET", "metrics", null).body();
        assertTrue(metrics.contains("monitor=\"covert-db\"") && metrics.contains("monitor=\"hush-api\""), metrics);
    }

    @AfterAll
    static void stop() {
        app.close();
        target.close();
    }

    /** The one place admin requests are built. */
    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return ServerRequests.withToken(app.baseUri(), adminToken, method, path, body);
    }

    private static boolean forOperators(String route) {
        return !route.equals(ConsoleGate.SIGN_IN) && OPERATOR_PREFIXES.stream().anyMatch(prefix -> route.equals(prefix) || route.startsWith(prefix + "/"));
    }

    @Test
    void theEnumerationFindsTheKnownRoutes() {
        Set<String> routes = new TreeSet<>();
        ROUTES.gets().forEach(route -> routes.add(route.path()));
        assertTrue(routes.containsAll(List.of("/", "/services/{id}", "/history", "/api/v1/status", "/api/v1/services/{id}",
                "/api/v1/services/{id}/series", "/api/v1/events", "/api/v1/incidents", "/badge/{id}/status.svg",
                "/metrics", "/api/v1/notifications/deliveries", "/api/v1/admin/monitors")), routes.toString());
    }

    @Test
    void withoutCredentialsExactlyTheOperatorsRoutesRefuseAndEveryOtherRouteNamesNoSecret() throws Exception {
        Set<String> refused = new TreeSet<>();
        Set<String> answered = new TreeSet<>();
        for (ApplicationRoutes.Route route : ROUTES.gets()) {
            for (String id : List.of("target", "covert-db", "hush-api")) {
                String path = route.filled(id);
                String body;
                if (route.path().equals("/api/v1/events")) {
                    body = firstEvent();
                } else {
                    HttpResponse<String> response = get(path.substring(1));
                    boolean toSignIn = response.statusCode() == 303 && response.headers().firstValue("Location")
                            .orElse("").startsWith(ConsoleGate.SIGN_IN + "?"); // the console's refusal of a page
                    if (response.statusCode() == 401 || toSignIn) {
                        refused.add(route.path());
                        continue;
                    }
                    body = response.body() + response.headers().map();
                }
                assertNoSecret(path, body.replace(id, "the-id")); // a 404 may repeat the id the request named
                answered.add(route.path());
                if (!route.path().contains("{")) {
                    break;
                }
            }
        }
        for (String route : refused) {
            assertTrue(forOperators(route), "refused without credentials although not an operator's route: " + route);
        }
        for (String route : answered) {
            assertFalse(forOperators(route), "an operator's route answered without credentials: " + route);
        }
        assertTrue(refused.containsAll(List.of("/metrics", "/api/v1/notifications/deliveries", "/api/v1/admin/monitors")),
                refused.toString());
        assertTrue(answered.containsAll(List.of("/", "/history", "/api/v1/status", "/api/v1/services", "/api/v1/incidents",
                "/api/v1/events", "/api/v1/services/{id}", "/badge/{id}/status.svg")), answered.toString());
    }

    @Test
    void everyRouteOfAServiceAnswers404ForAPrivateOneAsForAnUnknownOne() throws Exception {
        List<String> checked = new ArrayList<>();
        for (ApplicationRoutes.Route route : ROUTES.gets()) {
            if (!route.path().contains("{id}") || forOperators(route.path())) {
                continue;
            }
            for (String id : List.of("covert-db", "hush-api")) {
                String path = route.filled(id).substring(1);
                HttpResponse<String> response = get(path);
                assertEquals(404, response.statusCode(), path + " → " + response.body());
                String unknown = get(route.filled("nope-0").substring(1)).body();
                assertEquals(unknown, response.body().replace(id, "nope-0"), "as for an unknown id: " + path);
                checked.add(path);
            }
            assertEquals(200, get(route.filled("target").substring(1)).statusCode(), "a public monitor is served on " + route);
        }
        assertTrue(checked.size() >= 12, checked.toString());
    }

    @Test
    void anIncidentOfPublicAndPrivateMonitorsShowsOnlyThePublicOnes() throws Exception {
        String incidents = get("api/v1/incidents").body();
        assertTrue(incidents.contains("Shared trouble"), incidents);
        assertTrue(JSON.readTree(incidents).get("active").toString().contains("[\"target\"]"), incidents);
        assertTrue(get("api/v1/services/target").body().contains("\"status\""));
        assertEquals("Covert outage",
                JSON.readTree(admin("GET", "api/v1/admin/incidents/covert", null).body()).get("title").asText(),
                "the admin API still sees it");
    }

    @Test
    void aMaintenanceWindowOfPublicAndPrivateMonitorsShowsOnlyThePublicOnes() throws Exception {
        var maintenance = JSON.readTree(get("api/v1/status").body()).get("maintenance");
        assertEquals(1, maintenance.size(), maintenance.toString());
        assertEquals("Shared upgrade", maintenance.get(0).get("title").asText());
        assertEquals("[\"target\"]", maintenance.get(0).get("services").toString());
        assertTrue(get("").body().contains("Shared upgrade"), "the home page announces it");
        assertEquals(2, JSON.readTree(admin("GET", "api/v1/admin/maintenance", null).body()).get("maintenance").size(),
                "the admin API still sees both");
    }

    @Test
    void theAdminApiListsPrivateMonitorsAsPrivate() throws Exception {
        String monitors = admin("GET", "api/v1/admin/monitors", null).body();
        for (var monitor : JSON.readTree(monitors).get("monitors")) {
            assertEquals(!monitor.get("id").asText().equals("target"), monitor.get("private").asBoolean(), monitors);
        }
    }

    private static void assertNoSecret(String where, String body) {
        for (String secret : SECRETS) {
            assertFalse(body.contains(secret), where + " shows '" + secret + "': " + body);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return ServerRequests.get(app.baseUri(), path);
    }

    /** The event stream's first event (the whole summary). */
    private static String firstEvent() throws Exception {
        String text = ServerRequests.firstEvent(app.baseUri(), "api/v1/events");
        assertTrue(text.contains("event:status") || text.contains("event: status"), text);
        return text;
    }
}
