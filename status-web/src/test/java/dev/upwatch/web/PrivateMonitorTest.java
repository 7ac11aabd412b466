package dev.upwatch.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.page.PageResource;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private monitors are absent from every public route. The routes are not listed by hand: every resource class of
 * the web module is found on the class path and read through Jersey's resource model, so a route added later is
 * checked too.
 */
class PrivateMonitorTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Texts that must never appear in a public answer: the private monitors' ids and names, and their incident. */
    private static final List<String> SECRETS = List.of("covert-db", "Covert Database", "hush-api", "Hush API", "Covert outage");
    /** Routes for operators, not the public: the admin API (behind its token) and the Prometheus metrics. */
    private static final List<String> OPERATOR_ROUTES = List.of("/api/v1/admin", "/metrics");

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
                """.formatted(data.resolve("db").toString().replace("\\", "/"), target.healthUrl()), StandardCharsets.UTF_8);
        app = UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(PrivateMonitorTest.class.getClassLoader()),
                Map.of()).load(file), Clock.systemUTC(), UpwatchServerTest.fastEngine());
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
    }

    @AfterAll
    static void stop() {
        app.close();
        target.close();
    }

    /** The one place admin requests are built; the admin token will be added here. */
    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return ServerRequests.withToken(app.baseUri(), adminToken, method, path, body);
    }

    /** Every GET route template of every resource class of the web module, e.g. {@code /badge/{id}/status.svg}. */
    static Set<String> publicGetRoutes() throws Exception {
        Path classes = Path.of(PageResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> routes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path classFile : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(classFile).toString().replace('/', '.').replace('\\', '.')
                        .replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, PrivateMonitorTest.class.getClassLoader());
                if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                    collect(Resource.from(type), "", routes);
                }
            }
        }
        routes.removeIf(route -> OPERATOR_ROUTES.stream().anyMatch(route::startsWith));
        return routes;
    }

    private static void collect(Resource resource, String prefix, Set<String> routes) {
        String path = (prefix + "/" + resource.getPath()).replaceAll("/+", "/");
        for (ResourceMethod method : resource.getResourceMethods()) {
            if (method.getHttpMethod().equals("GET")) {
                routes.add(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
            }
        }
        resource.getChildResources().forEach(child -> collect(child, path, routes));
    }

    @Test
    void theEnumerationFindsTheKnownPublicRoutes() throws Exception {
        Set<String> routes = publicGetRoutes();
        assertTrue(routes.containsAll(List.of("/", "/services/{id}", "/history", "/api/v1/status", "/api/v1/services/{id}",
                "/api/v1/services/{id}/series", "/api/v1/events", "/api/v1/incidents", "/badge/{id}/status.svg")), routes.toString());
        assertTrue(routes.stream().noneMatch(route -> route.startsWith("/api/v1/admin")), routes.toString());
    }

    @Test
    void everyRouteOfAServiceAnswers404ForAPrivateOneAsForAnUnknownOne() throws Exception {
        List<String> checked = new ArrayList<>();
        for (String route : publicGetRoutes()) {
            if (!route.contains("{id}")) {
                continue;
            }
            for (String id : List.of("covert-db", "hush-api")) {
                String path = route.replace("{id}", id).replace("{window}", "24h").substring(1);
                HttpResponse<String> response = get(path);
                assertEquals(404, response.statusCode(), path + " → " + response.body());
                String unknown = get(route.replace("{id}", "nope-0").replace("{window}", "24h").substring(1)).body();
                assertEquals(unknown, response.body().replace(id, "nope-0"), "as for an unknown id: " + path);
                checked.add(path);
            }
            assertEquals(200, get(route.replace("{id}", "target").replace("{window}", "24h").substring(1)).statusCode(),
                    "a public monitor is served on " + route);
        }
        assertTrue(checked.size() >= 12, checked.toString());
    }

    @Test
    void everyOtherRouteLeavesPrivateMonitorsOut() throws Exception {
        List<String> checked = new ArrayList<>();
        for (String route : publicGetRoutes()) {
            if (route.contains("{")) {
                continue; // services (above) and static assets
            }
            String body = route.equals("/api/v1/events") ? firstEvent() : get(route.substring(1)).body();
            assertNoSecret(route, body);
            checked.add(route);
        }
        assertTrue(checked.containsAll(List.of("/", "/history", "/api/v1/status", "/api/v1/services", "/api/v1/incidents",
                "/api/v1/events")), checked.toString());
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

    /** The event stream's first event (the whole summary); the stream itself never ends. */
    private static String firstEvent() throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        StringBuilder text = new StringBuilder();
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[8192];
            while (!text.toString().contains("\n\n")) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
        }
        assertTrue(text.toString().contains("event:status") || text.toString().contains("event: status"), text.toString());
        return text.toString();
    }
}
