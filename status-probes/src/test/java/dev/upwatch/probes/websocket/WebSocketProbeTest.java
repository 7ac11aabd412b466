package dev.upwatch.probes.websocket;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.ProbeChecks;
import dev.upwatch.probes.http.SelfSignedCertificate;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code websocket} probe against a real Jetty WebSocket server on 127.0.0.1 (plain and TLS) with four endpoints:
 * {@code /echo} echoes text, {@code /greet} greets first, {@code /silent} never sends, {@code /bye} closes at once.
 */
class WebSocketProbeTest {
    private static final WebSocketProbeFactory FACTORY = new WebSocketProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();
    private static Server server;
    private static ServerConnector plain;
    private static ServerConnector secure;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        server = new Server();
        plain = new ServerConnector(server);
        plain.setHost("127.0.0.1");
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(SelfSignedCertificate.generate(directory, 30).serverContext());
        secure = new ServerConnector(server, tls);
        secure.setHost("127.0.0.1");
        server.addConnector(plain);
        server.addConnector(secure);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.addMapping("/echo", (request, response, callback) -> new TestEndpoints.Echo());
            container.addMapping("/greet", (request, response, callback) -> new TestEndpoints.Greet());
            container.addMapping("/silent", (request, response, callback) -> new TestEndpoints.Silent());
            container.addMapping("/bye", (request, response, callback) -> new TestEndpoints.Bye());
        }));
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        ENVIRONMENT.close();
    }

    @Test
    void sendsAMessageAndReadsTheReply() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("url", url(plain, "/echo"),
                "send", "ping"), Placeholder.BODY);

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertEquals(OptionalInt.of(101), outcome.statusCode());
        assertEquals(Optional.of("echo: ping"), outcome.body());
        assertEquals(Optional.of("127.0.0.1"), outcome.ip());
        assertEquals(List.of("connect", "upgrade", "reply"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void aReplyIsForConditionsJsonPathsIncluded() {
        Sample sample = ProbeChecks.sample(FACTORY, ENVIRONMENT, Map.of("url", url(plain, "/greet")),
                "[CONNECTED] == true", "[BODY].status == ready");

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.failureReason()::toString);
    }

    @Test
    void withoutAMessageOrABodyConditionTheUpgradeIsTheCheck() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("url", url(plain, "/silent")));

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertEquals(List.of("connect", "upgrade"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void aServerThatClosesInsteadOfReplyingFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("url", url(plain, "/bye"),
                "send", "ping"));

        assertFalse(outcome.connected());
        assertEquals(Optional.of("closed by the server before replying (4001 going away)"), outcome.error());
    }

    @Test
    void aPathWithoutWebSocketsRefusesTheUpgrade() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("url", url(plain, "/nothing-here")));

        assertFalse(outcome.connected());
        assertEquals(OptionalInt.of(404), outcome.statusCode());
        assertEquals(Optional.of("upgrade refused: HTTP 404"), outcome.error());
    }

    @Test
    void overTlsAnUntrustedCertificateFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("url",
                "wss://localhost:" + secure.getLocalPort() + "/echo"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("certificate not trusted: "), outcome.error()::toString);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://example.com/ws     | is not a ws:// or wss:// URL
            ws://user:pw@example.com/ | needs a host and no credentials
            ws://exa mple.com/        | is not a URL
            """)
    void badUrlsAreRefused(String url, String problem) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> FACTORY.create(ProbeSettings.of(Map.of("url", url))));

        assertEquals("url", e.key());
        assertTrue(e.getMessage().contains(problem), e::getMessage);
    }

    private static String url(ServerConnector connector, String path) {
        return "ws://127.0.0.1:" + connector.getLocalPort() + path;
    }
}
