package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Secrets in monitor definitions: masked in every admin answer, never logged, kept when sent back masked. */
class AdminSecretsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASK = "••••••";
    private static final String AUTHORIZATION = "Bearer s3cret-bearer-value-0001";
    private static final String COOKIE = "session=s3cret-cookie-value-0002";
    private static final String API_KEY = "s3cret-api-key-value-0003";
    private static final String USER_PASSWORD = "s3cret-userinfo-0004";
    private static final String PUSH_TOKEN = "s3cret-push-token-value-0005";
    private static final List<String> SECRETS = List.of(AUTHORIZATION, "s3cret-bearer-value-0001", COOKIE,
            "s3cret-cookie-value-0002", API_KEY, USER_PASSWORD, PUSH_TOKEN);

    @TempDir
    Path data;
    private HttpServer target;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private Path file;
    private UpwatchApplication app;
    private String adminToken;

    @BeforeEach
    void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/health", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        target.start();
        file = data.resolve("upwatch.yml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { data-dir: "%s" }
                monitors:
                  - { id: closed, name: "Closed port", type: tcp, host: 127.0.0.1, port: 9, interval: 5s, timeout: 1s }
                """.formatted(data.resolve("db").toString().replace("\\", "/")), StandardCharsets.UTF_8);
        restart();
    }

    private void restart() throws Exception {
        if (app != null) {
            app.close();
        }
        app = UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of())
                .load(file), Clock.systemUTC(), UpwatchServerTest.fastEngine());
        adminToken = app.tokens().create("secrets-test", TokenScope.ADMIN).secret().value();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        target.stop(0);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + adminToken);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String guarded() {
        int port = target.getAddress().getPort();
        return """
                {"id": "guarded", "name": "Guarded", "type": "http", "url": "http://127.0.0.1:%d/health",
                 "interval": "1s", "timeout": "800ms", "conditions": ["[STATUS] == 204"],
                 "headers": {"Authorization": "%s", "Cookie": "%s", "X-Api-Key": "%s", "Accept": "text/plain"}}"""
                .formatted(port, AUTHORIZATION, COOKIE, API_KEY);
    }

    @Test
    void noSecretIsShownInAnyAdminAnswerNorLogged() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLoggerName() + " " + record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        PrintStream stderr = System.err;
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                stderr.write(b);
                synchronized (errors) {
                    errors.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                stderr.write(bytes, offset, length);
                synchronized (errors) {
                    errors.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8));
        List<String> answers = new ArrayList<>();
        try {
            HttpResponse<String> created = admin("POST", "api/v1/admin/monitors", guarded());
            assertEquals(201, created.statusCode(), created.body());
            HttpResponse<String> push = admin("POST", "api/v1/admin/monitors", """
                    {"id": "backup", "name": "Backup", "type": "push", "token": "%s", "interval": "1h"}""".formatted(PUSH_TOKEN));
            assertEquals(201, push.statusCode(), push.body());
            answers.add(created.body());
            answers.add(push.body());
            answers.add(admin("GET", "api/v1/admin/monitors", null).body());
            answers.add(admin("GET", "api/v1/admin/monitors/guarded", null).body());
            answers.add(admin("GET", "api/v1/admin/monitors/backup", null).body());
            answers.add(admin("PUT", "api/v1/admin/monitors/guarded", guarded().replace("\"Guarded\"", "\"Renamed\"")).body());
            answers.add(admin("PUT", "api/v1/admin/monitors/guarded", guarded().replace("\"1s\"", "\"often\"")).body());
            answers.add(admin("POST", "api/v1/admin/monitors", guarded()).body());
            HttpResponse<String> userInfo = admin("POST", "api/v1/admin/monitors", guarded()
                    .replace("\"guarded\"", "\"userinfo\"").replace("http://", "http://probe:" + USER_PASSWORD + "@"));
            assertEquals(400, userInfo.statusCode(), "credentials in the URL are refused (they would not be sent)");
            answers.add(userInfo.body());
            UpwatchServerTest.await("a check of guarded", Duration.ofSeconds(15), () -> !authorizations.isEmpty());
            app.close();
            app = null;
        } finally {
            System.setErr(stderr);
            root.removeHandler(capture);
        }
        logged.add(errors.toString(StandardCharsets.UTF_8));
        assertTrue(answers.stream().anyMatch(answer -> answer.contains(MASK)), "secrets are shown masked: " + answers);
        for (String secret : SECRETS) {
            assertTrue(logged.stream().noneMatch(line -> line.contains(secret)), "logged: " + secret);
            assertTrue(answers.stream().noneMatch(answer -> answer.contains(secret)), "shown: " + secret);
        }
    }

    @Test
    void eachSecretKindIsMaskedAndAnEditedAnswerSentBackKeepsThem() throws Exception {
        assertEquals(201, admin("POST", "api/v1/admin/monitors", guarded()).statusCode());
        JsonNode shown = JSON.readTree(admin("GET", "api/v1/admin/monitors/guarded", null).body());
        JsonNode definition = shown.get("definition");
        assertEquals(MASK, definition.get("headers").get("Authorization").asText());
        assertEquals(MASK, definition.get("headers").get("Cookie").asText());
        assertEquals(MASK, definition.get("headers").get("X-Api-Key").asText());
        assertEquals("text/plain", definition.get("headers").get("Accept").asText(), "other headers are shown");

        ((ObjectNode) definition).put("name", "Edited");
        HttpResponse<String> replaced = admin("PUT", "api/v1/admin/monitors/guarded", JSON.writeValueAsString(definition));
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("Edited", JSON.readTree(replaced.body()).get("name").asText());
        int before = authorizations.size();
        UpwatchServerTest.await("a check after the edit", Duration.ofSeconds(15), () -> authorizations.size() > before);
        assertEquals(AUTHORIZATION, authorizations.getLast(), "the stored secret is still sent");

        assertEquals(201, admin("POST", "api/v1/admin/monitors", """
                {"id": "backup", "type": "push", "token": "%s", "interval": "1h"}""".formatted(PUSH_TOKEN)).statusCode());
        JsonNode push = JSON.readTree(admin("GET", "api/v1/admin/monitors/backup", null).body()).get("definition");
        assertEquals(MASK, push.get("token").asText());
        assertEquals(200, admin("PUT", "api/v1/admin/monitors/backup", JSON.writeValueAsString(push)).statusCode());
        for (String when : List.of("at once", "after a restart")) {
            if (when.equals("after a restart")) {
                restart(); // the stored definition is read again
            }
            HttpResponse<String> pushed = HTTP.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/push/" + PUSH_TOKEN))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(pushed.statusCode() / 100 == 2, "the push token is kept, " + when + ": " + pushed.statusCode()
                    + " " + pushed.body());
        }
    }

    @Test
    void aMaskWithNoStoredSecretIsAProblemNamingTheField() throws Exception {
        HttpResponse<String> created = admin("POST", "api/v1/admin/monitors", guarded().replace(COOKIE, MASK));
        assertEquals(400, created.statusCode(), created.body());
        assertEquals("headers.Cookie", JSON.readTree(created.body()).get("errors").get(0).get("field").asText());

        assertEquals(201, admin("POST", "api/v1/admin/monitors", guarded()).statusCode());
        HttpResponse<String> replaced = admin("PUT", "api/v1/admin/monitors/guarded",
                guarded().replace("\"Accept\"", "\"X-Auth-Token\"").replace("text/plain", MASK));
        assertEquals(400, replaced.statusCode(), replaced.body());
        assertEquals("headers.X-Auth-Token", JSON.readTree(replaced.body()).get("errors").get(0).get("field").asText());
    }
}
