package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Groups as objects through the admin API on a real server with its H2 file database: create, change, rename,
 * delete; the page and the public API follow at once; groups survive a restart; the file's monitors and invalid
 * bodies are refused with problems.
 */
class AdminGroupsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    private Path file;
    private FlippableTarget target;
    private UpwatchApplication app;
    private UpwatchApplication adminTokenOf;
    private String adminToken;

    @BeforeEach
    void start() throws Exception {
        target = new FlippableTarget();
        file = data.resolve("upwatch.yml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { data-dir: "%s" }
                monitors:
                  - { id: site, name: "Site", type: http, url: "%s", interval: 5s, timeout: 1s }
                  - { id: closed, name: "Closed port", group: Infra, type: tcp, host: 127.0.0.1, port: 9, interval: 5s, timeout: 1s }
                """.formatted(data.resolve("db").toString().replace("\\", "/"), target.healthUrl()), StandardCharsets.UTF_8);
        app = startFromFile();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        target.close();
    }

    private UpwatchApplication startFromFile() throws Exception {
        return UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of())
                .load(file), Clock.systemUTC(), UpwatchServerTest.fastEngine());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        if (adminTokenOf != app) {
            adminToken = app.tokens().create("admin-groups-test", TokenScope.ADMIN).secret().value();
            adminTokenOf = app;
        }
        return ServerRequests.withToken(app.baseUri(), adminToken, method, path, body);
    }

    private JsonNode json(HttpResponse<String> response, int expected) throws Exception {
        assertEquals(expected, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private void apiMonitor(String id, String group) throws Exception {
        json(admin("POST", "api/v1/admin/monitors", """
                {"id": "%s", "name": "%s", "group": "%s", "type": "http", "url": "%s", "interval": "5s", "timeout": "1s"}"""
                .formatted(id, id, group, target.healthUrl())), 201);
    }

    /** Group names in the order the admin API lists them. */
    private List<String> adminOrder() throws Exception {
        List<String> names = new ArrayList<>();
        json(admin("GET", "api/v1/admin/groups", null), 200).get("groups").forEach(g -> names.add(g.get("name").asText()));
        return names;
    }

    /** Service ids in the order the public API lists them. */
    private List<String> publicOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        json(ServerRequests.get(app.baseUri(), "api/v1/services"), 200).get("services")
                .forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    private String page() throws Exception {
        HttpResponse<String> page = ServerRequests.get(app.baseUri(), "");
        assertEquals(200, page.statusCode());
        return page.body();
    }

    /** The group headings of the page, in order. */
    private static List<String> headings(String page) {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<h2 class=\"h6 mb-0\" id=\"group-\\d+\">([^<]*)</h2>")
                .matcher(page);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void groupsNamedOnlyByMonitorsAreListedAsNotStored() throws Exception {
        apiMonitor("api", "Backend");
        JsonNode groups = json(admin("GET", "api/v1/admin/groups", null), 200).get("groups");
        assertEquals("[{\"name\":\"Services\",\"stored\":false,\"position\":null,\"description\":\"\",\"collapsed\":false,"
                + "\"monitors\":[\"site\"]},{\"name\":\"Infra\",\"stored\":false,\"position\":null,\"description\":\"\","
                + "\"collapsed\":false,\"monitors\":[\"closed\"]},{\"name\":\"Backend\",\"stored\":false,\"position\":null,"
                + "\"description\":\"\",\"collapsed\":false,\"monitors\":[\"api\"]}]", groups.toString());
        assertEquals(404, admin("GET", "api/v1/admin/groups/Nothing", null).statusCode());
    }

    @Test
    void storedGroupsOrderThePageAndTheApiAndShowTheirSettingsAtOnce() throws Exception {
        apiMonitor("api", "Backend");
        assertEquals(List.of("Services", "Infra", "Backend"), headings(page()));
        assertEquals(List.of("site", "closed", "api"), publicOrder());

        HttpResponse<String> created = admin("POST", "api/v1/admin/groups", """
                {"name": "Backend", "position": 1, "description": "APIs & workers", "collapsed": true}""");
        JsonNode body = json(created, 201);
        assertEquals("{\"name\":\"Backend\",\"stored\":true,\"position\":1,\"description\":\"APIs & workers\","
                + "\"collapsed\":true,\"monitors\":[\"api\"]}", body.toString());
        assertEquals("/api/v1/admin/groups/Backend", URI.create(created.headers().firstValue("location").orElseThrow()).getPath());
        json(admin("POST", "api/v1/admin/groups", "{\"name\": \"Infra\", \"position\": 0}"), 201);

        assertEquals(List.of("Infra", "Backend", "Services"), adminOrder());
        assertEquals(List.of("closed", "api", "site"), publicOrder());
        String page = page();
        assertEquals(List.of("Infra", "Backend", "Services"), headings(page));
        assertTrue(page.contains("APIs &amp; workers</p>"), "the description shows, escaped");
        assertEquals(2, count(page, "<details class=\"card mb-3 group\" open>"), "Infra and Services stay open");
        assertEquals(1, count(page, "<details class=\"card mb-3 group\">"), "Backend is collapsed");

        json(admin("PUT", "api/v1/admin/groups/Backend", "{\"position\": 0}"), 200);
        assertEquals(List.of("Backend", "Infra", "Services"), headings(page()), "equal positions: by name");
        assertEquals(0, count(page(), "<details class=\"card mb-3 group\">"), "PUT without collapsed opens it again");
        assertEquals(1, json(admin("POST", "api/v1/admin/groups", "{\"name\": \"Later\"}"), 201).get("position").asInt(),
                "by default after the last stored group");
    }

    @Test
    void renamingMovesTheApiMonitorsAndThePageShowsTheNewNameWithoutRestart() throws Exception {
        apiMonitor("api", "Payment APIs");
        apiMonitor("worker", "Payment APIs");
        apiMonitor("other", "Other");
        json(admin("POST", "api/v1/admin/groups", "{\"name\": \"Payment APIs\", \"position\": 3}"), 201);
        assertTrue(headings(page()).contains("Payment APIs"));

        JsonNode renamed = json(admin("PUT", "api/v1/admin/groups/Payment%20APIs",
                "{\"name\": \"Payments\", \"description\": \"Card and bank\"}"), 200);
        assertEquals("{\"name\":\"Payments\",\"stored\":true,\"position\":3,\"description\":\"Card and bank\","
                + "\"collapsed\":false,\"monitors\":[\"api\",\"worker\"]}", renamed.toString());
        assertEquals(List.of("Payments", "Services", "Infra", "Other"), headings(page()));
        assertEquals("Payments", json(admin("GET", "api/v1/admin/monitors/api", null), 200).get("group").asText());
        assertEquals("Payments", json(admin("GET", "api/v1/admin/monitors/worker", null), 200)
                .get("definition").get("group").asText(), "the stored definition moved too");
        JsonNode service = json(ServerRequests.get(app.baseUri(), "api/v1/services/api"), 200).get("service");
        assertEquals("Payments", service.get("group").asText());
        assertEquals(404, admin("GET", "api/v1/admin/groups/Payment%20APIs", null).statusCode());

        json(admin("PUT", "api/v1/admin/groups/Other", "{\"name\": \"Lone\"}"), 200);
        assertEquals("Lone", json(admin("GET", "api/v1/admin/groups/Lone", null), 200).get("name").asText());
        assertTrue(json(admin("GET", "api/v1/admin/groups/Lone", null), 200).get("stored").asBoolean(),
                "PUT stores a group that monitors only named");

        JsonNode taken = json(admin("PUT", "api/v1/admin/groups/Lone", "{\"name\": \"Payments\"}"), 409);
        assertTrue(taken.get("detail").asText().contains("'Payments' exists"), taken.toString());
    }

    @Test
    void groupsAndRenamesSurviveARestart() throws Exception {
        apiMonitor("api", "Backend");
        json(admin("POST", "api/v1/admin/groups", "{\"name\": \"Backend\", \"position\": 0, \"collapsed\": true}"), 201);
        json(admin("PUT", "api/v1/admin/groups/Backend", "{\"name\": \"Core\", \"collapsed\": true}"), 200);
        json(admin("POST", "api/v1/admin/groups", "{\"name\": \"Empty\", \"position\": 9, \"description\": \"d\"}"), 201);

        app.close();
        app = startFromFile();
        assertEquals(List.of("Core", "Empty", "Services", "Infra"), adminOrder());
        assertEquals("{\"name\":\"Core\",\"stored\":true,\"position\":0,\"description\":\"\",\"collapsed\":true,"
                + "\"monitors\":[\"api\"]}", json(admin("GET", "api/v1/admin/groups/Core", null), 200).toString());
        assertEquals(List.of("Core", "Services", "Infra"), headings(page()), "a group without monitors has no heading");
        assertEquals(List.of("api", "site", "closed"), publicOrder());
    }

    @Test
    void groupsWithMonitorsOfTheFileCannotBeRenamedNorEmptied() throws Exception {
        JsonNode rename = json(admin("PUT", "api/v1/admin/groups/Infra", "{\"name\": \"Platform\"}"), 409);
        assertEquals("application/problem+json", admin("PUT", "api/v1/admin/groups/Infra", "{\"name\": \"Platform\"}")
                .headers().firstValue("content-type").orElseThrow());
        assertTrue(rename.get("detail").asText().contains("closed"), "names the file's monitor: " + rename);
        assertEquals(List.of("Services", "Infra"), adminOrder(), "nothing changed");
        assertFalse(json(admin("GET", "api/v1/admin/groups/Infra", null), 200).get("stored").asBoolean());

        JsonNode delete = json(admin("DELETE", "api/v1/admin/groups/Infra?monitors=ungroup", null), 409);
        assertTrue(delete.get("detail").asText().contains("closed"), delete.toString());
        json(admin("PUT", "api/v1/admin/groups/Infra", "{\"description\": \"Network\"}"), 200);
        assertEquals("Network", json(admin("GET", "api/v1/admin/groups/Infra", null), 200).get("description").asText(),
                "settings other than the name may change");
    }

    @Test
    void deletingAGroupWithMonitorsNeedsUngroupWhichMovesThemToTheDefaultGroup() throws Exception {
        apiMonitor("api", "Backend");
        json(admin("POST", "api/v1/admin/groups", "{\"name\": \"Backend\"}"), 201);
        JsonNode refused = json(admin("DELETE", "api/v1/admin/groups/Backend", null), 409);
        assertTrue(refused.get("detail").asText().contains("api"), refused.toString());
        assertEquals(400, admin("DELETE", "api/v1/admin/groups/Backend?monitors=drop", null).statusCode());

        assertEquals(204, admin("DELETE", "api/v1/admin/groups/Backend?monitors=ungroup", null).statusCode());
        assertEquals(List.of("Services", "Infra"), adminOrder());
        assertEquals("Services", json(admin("GET", "api/v1/admin/monitors/api", null), 200).get("group").asText());
        assertEquals(List.of("site", "api", "closed"), publicOrder());
        assertEquals(404, admin("DELETE", "api/v1/admin/groups/Backend", null).statusCode());

        json(admin("POST", "api/v1/admin/groups", "{\"name\": \"Spare\"}"), 201);
        assertEquals(204, admin("DELETE", "api/v1/admin/groups/Spare", null).statusCode(), "an empty group just goes");
    }

    @Test
    void aGroupNamedByAMaintenanceWindowOfTheApiKeepsItsName() throws Exception {
        apiMonitor("api", "Backend");
        json(admin("POST", "api/v1/admin/maintenance", """
                {"id": "upgrade", "title": "Upgrade", "groups": ["Backend"], "start": "2030-01-01T00:00:00Z", "end": "2030-01-01T01:00:00Z"}"""), 201);
        JsonNode refused = json(admin("PUT", "api/v1/admin/groups/Backend", "{\"name\": \"Core\"}"), 409);
        assertTrue(refused.get("detail").asText().contains("upgrade"), refused.toString());
        assertEquals("Backend", json(admin("GET", "api/v1/admin/monitors/api", null), 200).get("group").asText());
    }

    @Test
    void aNameIsAddressedUrlEncodedAndHasNoSlash() throws Exception {
        json(admin("POST", "api/v1/admin/groups", "{\"name\": \"EU: Zürich #1?\"}"), 201);
        String path = "api/v1/admin/groups/" + java.net.URLEncoder.encode("EU: Zürich #1?", StandardCharsets.UTF_8)
                .replace("+", "%20");
        assertEquals("EU: Zürich #1?", json(admin("GET", path, null), 200).get("name").asText());
        assertEquals(204, admin("DELETE", path, null).statusCode());
        JsonNode slash = json(admin("POST", "api/v1/admin/groups", "{\"name\": \"EU / West\"}"), 400);
        assertTrue(slash.get("detail").asText().contains("'/'"), slash.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"position": 1}                                   | name
            {"name": ""}                                      | name
            {"name": " Padded"}                               | name
            {"name": "x", "position": -1}                     | position
            {"name": "x", "position": 1.5}                    | position
            {"name": "x", "position": "1"}                    | position
            {"name": "x", "collapsed": "yes"}                 | collapsed
            {"name": "x", "description": 7}                   | description
            {"name": "x", "colour": "red"}                    | colour
            """)
    void invalidBodiesAreProblemsNamingTheField(String body, String field) throws Exception {
        HttpResponse<String> response = admin("POST", "api/v1/admin/groups", body);
        JsonNode problem = json(response, 400);
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals(field, problem.get("errors").get(0).get("field").asText(), problem.toString());
    }

    @Test
    void namesAndDescriptionsHaveLimits() throws Exception {
        JsonNode problem = json(admin("POST", "api/v1/admin/groups", """
                {"name": "%s", "description": "%s", "position": 1000001}"""
                .formatted("n".repeat(101), "d".repeat(501))), 400);
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(List.of("name", "position", "description"), fields);
        json(admin("POST", "api/v1/admin/groups", """
                {"name": "%s", "description": "%s", "position": 1000000}"""
                .formatted("n".repeat(100), "d".repeat(500))), 201);
        json(admin("POST", "api/v1/admin/groups", "{\"name\": \"Dup\"}"), 201);
        assertEquals(409, admin("POST", "api/v1/admin/groups", "{\"name\": \"Dup\"}").statusCode());
    }

    @Test
    void answersHaveExactlyTheDocumentedProperties() throws Exception {
        JsonNode document = JSON.readTree(ServerRequests.get(app.baseUri(), "api/v1/openapi.json").body());
        List<String> problems = new ArrayList<>();
        OpenApiShape.check(document, json(admin("POST", "api/v1/admin/groups", "{\"name\": \"A\"}"), 201),
                document.at("/components/schemas/AdminGroup"), "AdminGroup", problems);
        OpenApiShape.check(document, json(admin("GET", "api/v1/admin/groups/Infra", null), 200),
                document.at("/components/schemas/AdminGroup"), "AdminGroup", problems);
        OpenApiShape.check(document, json(admin("GET", "api/v1/admin/groups", null), 200),
                document.at("/components/schemas/AdminGroups"), "AdminGroups", problems);
        OpenApiShape.check(document, json(admin("POST", "api/v1/admin/groups", "{}"), 400),
                document.at("/components/schemas/ValidationProblem"), "ValidationProblem", problems);
        OpenApiShape.check(document, json(admin("DELETE", "api/v1/admin/groups/Infra", null), 409),
                document.at("/components/schemas/Problem"), "Problem", problems);
        assertEquals(List.of(), problems);
        assertTrue(document.get("paths").has("/api/v1/admin/groups/{name}"));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
