package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Module;
import dev.upwatch.core.model.TokenScope;
import org.glassfish.jersey.model.Parameter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request parameter of the wrong form is a 400 problem naming the parameter, never a 404 (JAX-RS's answer when a
 * query parameter does not convert to its declared type, as if the resource did not exist). A table of the API's
 * parameters, and a sweep over every typed parameter of every route the running application has.
 */
class QueryParameterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Parameters Jersey converts itself; the others are read as text and checked by the resource. */
    private static final Set<Parameter.Source> CONVERTED = Set.of(Parameter.Source.QUERY, Parameter.Source.HEADER,
            Parameter.Source.MATRIX, Parameter.Source.COOKIE, Parameter.Source.FORM);

    private static Path data;
    private static FlippableTarget target;
    private static WebhookReceiver receiver;
    private static UpwatchApplication app;
    private static final ApplicationRoutes ROUTES = new ApplicationRoutes();
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("upwatch-params");
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        List<Module> modules = new ArrayList<>(UpwatchApplication.modules(UpwatchServerTest.config(target, receiver, data, "30s"),
                Clock.systemUTC(), UpwatchServerTest.fastEngine()));
        modules.add(ROUTES);
        app = UpwatchApplication.start(modules);
        admin = app.tokens().create("params", TokenScope.ADMIN).secret().value();
    }

    @AfterAll
    static void stop() {
        app.close();
        target.close();
        receiver.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            api/v1/services/target?limit=abc                       | 400 | limit: must be a whole number, got 'abc'
            api/v1/services/target?limit=1.5                       | 400 | limit: must be a whole number, got '1.5'
            api/v1/services/target?limit=0                         | 400 | limit: must be between 1 and 500, got 0
            api/v1/notifications/deliveries?limit=abc              | 400 | limit: must be a whole number, got 'abc'
            api/v1/notifications/deliveries?limit=0                | 400 | limit: must be between 1 and 1000, got 0
            api/v1/services/target/samples?limit=abc               | 400 | limit: must be a whole number, got 'abc'
            api/v1/services/target/samples?from=yesterday          | 400 | from: must be an ISO-8601 instant
            api/v1/services/target/uptime?window=1y                | 400 | window: must be one of
            api/v1/services/target/series?resolution=10s           | 400 | resolution: must be a whole number of minutes
            api/v1/services/nope?limit=abc                         | 400 | limit: must be a whole number
            api/v1/services/target?limit=5                         | 200 |
            """)
    void parametersOfTheWrongFormAreProblemsNamingThem(String path, int status, String detail) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(status, response.statusCode(), path + " → " + response.body());
        if (status == 400) {
            assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse("").split(";")[0]);
            assertTrue(JSON.readTree(response.body()).get("detail").asText().startsWith(detail), response.body());
        }
    }

    @Test
    void everyParameterJerseyConvertsAnswers400NamingItForAValueOfTheWrongForm() throws Exception {
        List<String> checked = new ArrayList<>();
        for (ApplicationRoutes.Route route : ROUTES.all()) {
            for (var parameter : route.parameters()) {
                if (!CONVERTED.contains(parameter.getSource()) || parameter.getRawType() == String.class) {
                    continue;
                }
                String name = parameter.getSourceName();
                String path = route.filled("target").substring(1);
                HttpRequest.Builder request = HttpRequest.newBuilder().header("Authorization", "Bearer " + admin);
                switch (parameter.getSource()) {
                    case QUERY -> path += "?" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "=not-a-value";
                    case MATRIX -> path += ";" + name + "=not-a-value";
                    case HEADER -> request.header(name, "not-a-value");
                    case COOKIE -> request.header("Cookie", name + "=not-a-value");
                    case FORM -> request.header("Content-Type", "application/x-www-form-urlencoded");
                    default -> throw new AssertionError(parameter.getSource());
                }
                HttpRequest.BodyPublisher body = parameter.getSource() == Parameter.Source.FORM
                        ? HttpRequest.BodyPublishers.ofString(name + "=not-a-value") : HttpRequest.BodyPublishers.noBody();
                HttpResponse<String> response = HTTP.send(request.uri(app.baseUri().resolve(path))
                        .method(route.method(), body).build(), HttpResponse.BodyHandlers.ofString());
                String where = route.method() + " " + route.path() + " " + parameter.getSource() + " " + name;
                assertEquals(400, response.statusCode(), where + " → " + response.body());
                JsonNode problem = JSON.readTree(response.body());
                assertTrue(problem.get("detail").asText().startsWith(name + ": "), where + " → " + response.body());
                checked.add(where);
            }
        }
        assertTrue(checked.containsAll(List.of("GET /api/v1/services/{id} QUERY limit",
                "GET /api/v1/notifications/deliveries QUERY limit")), checked.toString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return ServerRequests.get(app.baseUri(), path, "Authorization", "Bearer " + admin);
    }
}
