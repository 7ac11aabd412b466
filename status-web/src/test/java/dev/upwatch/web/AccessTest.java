package dev.upwatch.web;

import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.model.TokenSecret;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.ApiTokens;
import dev.upwatch.web.auth.PasswordHash;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.LoggingConfig;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.logging.LogSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication, throttling and hardening headers, through the real server. */
class AccessTest {
    private UpwatchApplication app;

    @TempDir
    Path data;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private void serve(String server) throws Exception {
        String yaml = """
                server: %s
                security: { egress: { allow: [127.0.0.0/8] } }  # the monitor and the webhook target loopback
                storage: { data-dir: "%s" }
                monitors:
                  - { id: closed, name: "Closed port", type: tcp, host: 127.0.0.1, port: 9, interval: 1h, timeout: 1s }
                notifications:
                  - { id: hook, type: webhook, url: "http://127.0.0.1:9/hook", secret: "whsec_c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4" }
                """.formatted(server, data.toString().replace("\\", "/"));
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(AccessTest.class.getClassLoader()), Map.of())
                .parse(yaml, "test.yml", data);
        app = UpwatchApplication.start(config, Clock.systemUTC(), UpwatchServerTest.fastEngine());
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return ServerRequests.get(app.baseUri(), path, headers);
    }

    private static String bearer(ApiTokens.Issued issued) {
        return "Bearer " + issued.secret().value();
    }

    @Test
    void theAdminApiNeedsAnAdminTokenAndARevokedTokenIsRefusedOnTheNextRequest() throws Exception {
        serve("{ host: 127.0.0.1, port: 0 }");
        ApiTokens.Issued admin = app.tokens().create("deploy", TokenScope.ADMIN);
        ApiTokens.Issued read = app.tokens().create("dashboard", TokenScope.READ);

        HttpResponse<String> none = get("api/v1/admin/monitors");
        assertEquals(401, none.statusCode());
        assertEquals("application/problem+json", none.headers().firstValue("content-type").orElse("").split(";")[0]);
        assertTrue(none.headers().allValues("www-authenticate").contains("Bearer realm=\"upwatch\""));
        assertEquals(403, get("api/v1/admin/monitors", "Authorization", bearer(read)).statusCode());
        assertEquals(401, get("api/v1/admin/monitors", "Authorization", "Bearer upw_not-a-real-token").statusCode());
        assertEquals(401, get("api/v1/%61dmin/monitors").statusCode(), "an encoded path is guarded too");
        assertEquals(401, get("api/v1//admin/monitors").statusCode(), "so is one with doubled slashes");
        HttpResponse<String> passed = get("api/v1/admin/monitors", "Authorization", bearer(admin));
        assertEquals(200, passed.statusCode(), "past the filter: the admin monitor list");

        assertEquals(200, get("api/v1/status").statusCode(), "read endpoints stay public by default");
        for (String operatorRoute : List.of("metrics", "api/v1/notifications/deliveries")) {
            HttpResponse<String> refused = get(operatorRoute);
            assertEquals(401, refused.statusCode(), operatorRoute + " needs a token by default");
            assertEquals(List.of("Bearer realm=\"upwatch\""), refused.headers().allValues("www-authenticate"));
            assertEquals(200, get(operatorRoute, "Authorization", bearer(read)).statusCode(), "a read token will do");
        }

        assertTrue(app.tokens().revoke(admin.token().id()));
        assertEquals(401, get("api/v1/admin/monitors", "Authorization", bearer(admin)).statusCode());
        assertTrue(app.tokens().list().stream().anyMatch(t -> t.name().equals("deploy") && t.lastUsedAt().isPresent()));
    }

    @Test
    void everyResponseCarriesTheHardeningHeaders() throws Exception {
        serve("{ host: 127.0.0.1, port: 0 }");
        for (String path : List.of("", "api/v1/status", "healthz", "no/such/page", "api/v1/admin/x", "badge/closed/status.svg")) {
            HttpResponse<String> response = get(path);
            String csp = response.headers().firstValue("content-security-policy").orElse("");
            assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), path + ": " + csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), path + ": " + csp);
            assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElse(""), path);
            assertEquals("strict-origin-when-cross-origin", response.headers().firstValue("referrer-policy").orElse(""), path);
        }
        String page = get("").body();
        assertFalse(page.matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"), "no inline script");
        assertFalse(page.matches("(?s).*\\s(on[a-z]+|style)=.*"), "no inline handlers or style attributes");
        assertFalse(page.contains("<style"), "no inline style element");
    }

    @Test
    void theTwentyFirstBadAttemptInAMinuteGets429AndAForgedForwardedForDoesNotHelp() throws Exception {
        serve("{ host: 127.0.0.1, port: 0 }");
        ApiTokens.Issued admin = app.tokens().create("deploy", TokenScope.ADMIN);
        for (int attempt = 1; attempt <= 20; attempt++) {
            assertEquals(401, get("api/v1/admin/monitors", "Authorization", "Bearer " + TokenSecret.generate().value())
                    .statusCode(), "attempt " + attempt);
        }
        HttpResponse<String> limited = get("api/v1/admin/monitors", "Authorization", "Bearer upw_guess");
        assertEquals(429, limited.statusCode());
        long retryAfter = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(429, get("api/v1/admin/monitors", "Authorization", "Bearer upw_guess",
                "X-Forwarded-For", "203.0.113.9").statusCode(), "X-Forwarded-For is ignored without trusted proxies");
        assertEquals(429, get("api/v1/admin/monitors", "Authorization", bearer(admin)).statusCode(),
                "while limited, even a right token is not checked");
        assertEquals(200, get("api/v1/status").statusCode(), "public reads are not limited");
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsLimitedNotTheProxy() throws Exception {
        serve("{ host: 127.0.0.1, port: 0, trusted-proxies: [127.0.0.1/32, \"::1\"] }");
        for (int attempt = 1; attempt <= 20; attempt++) {
            get("api/v1/admin/monitors", "Authorization", "Bearer upw_guess", "X-Forwarded-For", "198.51.100.7, 127.0.0.1");
        }
        assertEquals(429, get("api/v1/admin/monitors", "Authorization", "Bearer upw_guess",
                "X-Forwarded-For", "198.51.100.7").statusCode());
        assertEquals(401, get("api/v1/admin/monitors", "Authorization", "Bearer upw_guess",
                "X-Forwarded-For", "198.51.100.8").statusCode(), "another client behind the same proxy");
    }

    @Test
    void aPrivateInstanceNeedsTheBasicUserOrAToken() throws Exception {
        String hash = PasswordHash.of("correct horse".toCharArray()).toString();
        serve("{ host: 127.0.0.1, port: 0, auth: { private: true, protect-metrics: true, basic: { user: ops, password-hash: \""
                + hash + "\" } } }");
        ApiTokens.Issued read = app.tokens().create("dashboard", TokenScope.READ);
        String basic = "Basic " + Base64.getEncoder().encodeToString("ops:correct horse".getBytes(StandardCharsets.UTF_8));
        String wrong = "Basic " + Base64.getEncoder().encodeToString("ops:battery staple".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> page = get("");
        assertEquals(401, page.statusCode());
        assertTrue(page.headers().allValues("www-authenticate").stream().anyMatch(v -> v.startsWith("Basic ")));
        assertEquals(200, get("", "Authorization", basic).statusCode());
        assertEquals(401, get("", "Authorization", wrong).statusCode());
        assertEquals(200, get("api/v1/status", "Authorization", bearer(read)).statusCode());
        assertEquals(401, get("api/v1/status").statusCode());
        assertEquals(401, get("metrics").statusCode());
        assertEquals(200, get("metrics", "Authorization", bearer(read)).statusCode());
        for (String operatorRoute : List.of("metrics", "api/v1/notifications/deliveries")) {
            assertEquals(401, get(operatorRoute, "Authorization", basic).statusCode(),
                    "the basic user views the page; " + operatorRoute + " is for operators' tokens");
        }
        assertEquals(200, get("healthz").statusCode(), "liveness stays open for orchestrators");
        assertEquals(403, get("api/v1/admin/monitors", "Authorization", bearer(read)).statusCode());
        assertEquals(401, get("api/v1/admin/monitors", "Authorization", basic).statusCode(), "basic auth never grants admin");
    }

    @Test
    void configuredTokensAreGivenByDigest() throws Exception {
        TokenSecret secret = TokenSecret.generate();
        serve("{ host: 127.0.0.1, port: 0, auth: { protect-metrics: true, tokens: [ { name: prometheus, scope: read, digest: \""
                + secret.digest() + "\" } ] } }");
        assertEquals(401, get("metrics").statusCode());
        assertEquals(200, get("metrics", "Authorization", "Bearer " + secret.value()).statusCode());
        assertEquals(200, get("api/v1/status").statusCode(), "only /metrics is protected");
    }

    @Test
    void secretsAreNeitherLoggedNorShownByTheApi() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (logged) {
                    logged.add(record.getLoggerName() + " " + record.getMessage() + " " + record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // As Main does: every log line, the JUL ones too, through Logback's console appender to System.out. Before
        // the handler is added, since it removes the root logger's handlers.
        LogSetup.apply(LoggingConfig.defaults());
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        java.io.PrintStream stderr = System.err;
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        System.setErr(tee(stderr, errors));
        System.setOut(tee(stdout, errors)); // Logback's console appender writes to System.out
        try {
            serve("{ host: 127.0.0.1, port: 0 }");
            ApiTokens.Issued admin = app.tokens().create("deploy", TokenScope.ADMIN);
            get("api/v1/admin/monitors", "Authorization", bearer(admin));
            get("api/v1/admin/monitors", "Authorization", "Bearer upw_wrong-secret-value");
            List<String> bodies = new ArrayList<>();
            for (String path : List.of("api/v1/status", "api/v1/services/closed", "api/v1/notifications/deliveries",
                    "api/v1/incidents", "metrics", "api/v1/admin/monitors")) {
                bodies.add(get(path, "Authorization", bearer(admin)).body());
            }
            // A line through the application's logging path, so the check below proves the capture sees its output.
            System.getLogger("dev.upwatch.test").log(System.Logger.Level.WARNING, "log capture check");
            app.close();
            app = null;
            synchronized (logged) {
                logged.add(errors.toString(StandardCharsets.UTF_8));
                assertTrue(logged.stream().anyMatch(line -> line.contains("log capture check")), "the log was captured");
            }
            for (String secret : List.of(admin.secret().value(), admin.token().digest().hex(), "upw_wrong-secret-value",
                    "c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4")) {
                synchronized (logged) {
                    assertTrue(logged.stream().noneMatch(line -> line.contains(secret)), "logged: " + secret);
                }
                assertTrue(bodies.stream().noneMatch(body -> body.contains(secret)), "shown: " + secret);
            }
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
            root.removeHandler(capture);
        }
    }

    /** A stream that writes to {@code original} and keeps a copy in {@code copy}. */
    private static java.io.PrintStream tee(java.io.PrintStream original, java.io.ByteArrayOutputStream copy) {
        return new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (copy) {
                    copy.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
