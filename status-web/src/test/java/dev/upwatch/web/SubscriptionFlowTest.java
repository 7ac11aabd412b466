package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.notify.WebhookSigner;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.web.config.ConfigLoader;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscriptions end to end on a real server and PostgreSQL: the form, the confirmation mail (GreenMail on 127.0.0.1),
 * its signed link, an incident's mail with RFC 8058 headers, the one-click POST, and nothing after it, proved by
 * draining the outbox; a webhook subscriber on a real receiver checks every signature.
 */
class SubscriptionFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PUBLIC_URL = "https://status.example.com";
    private static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC_URL) + "(/\\S+token=[A-Za-z0-9%._-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private GreenMail smtp;
    private FlippableTarget target;
    private WebhookReceiver hook;
    private TestPostgres.Database database;
    private UpwatchApplication app;
    private Database outboxView;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        target = new FlippableTarget();
        hook = new WebhookReceiver();
        database = TestPostgres.create();
        Path file = dir.resolve("upwatch.yml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' receivers listen on loopback
                storage: { jdbc-url: "%s", username: "${UPWATCH_TEST_DB_USER}", password: "${UPWATCH_TEST_DB_PASSWORD}" }
                page: { title: "Example status", public-url: "%s" }
                subscriptions:
                  secret: "a-test-secret-that-is-long-enough-0123456789"
                  smtp: "smtp://127.0.0.1:%d"
                  from: "Example status <status@example.com>"
                  rate: 100
                monitors:
                  - { id: target, name: "Target API", type: http, url: "%s", interval: 1s, timeout: 800ms,
                      failure-threshold: 1 }
                """.formatted(database.jdbcUrl(), PUBLIC_URL, smtp.getSmtp().getPort(), target.healthUrl()),
                StandardCharsets.UTF_8);
        app = UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), System.getenv())
                .load(file), Clock.systemUTC(), UpwatchServerTest.fastEngine());
        outboxView = Database.open(new DatabaseSettings(database.jdbcUrl(), TestPostgres.env("UPWATCH_TEST_DB_USER"),
                java.util.Optional.of(TestPostgres.env("UPWATCH_TEST_DB_PASSWORD"))));
    }

    @AfterEach
    void stop() throws Exception {
        if (outboxView != null) {
            outboxView.close();
        }
        if (app != null) {
            app.close();
        }
        hook.close();
        target.close();
        smtp.stop();
        if (database != null) {
            TestPostgres.drop(database);
        }
    }

    @Test
    void subscribeConfirmBeToldOfAnIncidentUnsubscribeWithOneClickAndHearNothingMore() throws Exception {
        HttpResponse<String> form = send("GET", "/subscribe", null, null);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("name=\"email\""), form.body());

        HttpResponse<String> sent = send("POST", "/subscribe", "application/x-www-form-urlencoded",
                "email=Reader%40Example.com&services=target");
        assertEquals(200, sent.statusCode(), sent.body());
        assertTrue(sent.body().contains("Check your inbox"), sent.body());

        UpwatchServerTest.await("the confirmation mail", WAIT, () -> smtp.getReceivedMessages().length == 1);
        MimeMessage confirmation = smtp.getReceivedMessages()[0];
        assertEquals("reader@example.com", confirmation.getAllRecipients()[0].toString());
        String confirmLink = link((String) confirmation.getContent());
        assertTrue(confirmLink.startsWith("/subscribe/confirm?token="), confirmLink);
        HttpResponse<String> button = send("GET", confirmLink, null, null);
        assertEquals(200, button.statusCode(), button.body());
        assertEquals(0, subscriptions(), "a GET (a mail scanner following the link) does not confirm");
        String token = confirmLink.substring(confirmLink.indexOf("token=") + 6);
        HttpResponse<String> refused = send("POST", "/subscribe", "application/x-www-form-urlencoded",
                "email=not+an+address&services=target");
        assertEquals(400, refused.statusCode(), "the form again, its error next to the field");
        assertTrue(refused.body().contains("is-invalid"), refused.body());
        List<Path> pages = List.of(dir.resolve("form.html"), dir.resolve("refused.html"), dir.resolve("sent.html"),
                dir.resolve("confirm.html"));
        Files.writeString(pages.get(0), form.body());
        Files.writeString(pages.get(1), refused.body());
        Files.writeString(pages.get(2), sent.body());
        Files.writeString(pages.get(3), button.body());
        assertEquals(List.of(), MarkupChecker.errors(pages), "Nu Html Checker errors");

        HttpResponse<String> confirmed = send("POST", "/subscribe/confirm", "application/x-www-form-urlencoded",
                "token=" + token);
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals(1, subscriptions());

        HttpResponse<String> webhook = send("POST", "/api/v1/subscriptions", "application/json",
                "{\"webhook\": \"" + hook.url() + "\"}");
        assertEquals(201, webhook.statusCode(), webhook.body());
        String secret = JSON.readTree(webhook.body()).get("secret").asText();

        target.answer(500);
        UpwatchServerTest.await("the incident mail", WAIT, () -> smtp.getReceivedMessages().length == 2);
        MimeMessage incident = smtp.getReceivedMessages()[1];
        assertEquals("[Example status] Incident: Target API is down", incident.getSubject());
        String listUnsubscribe = incident.getHeader("List-Unsubscribe")[0];
        assertEquals("List-Unsubscribe=One-Click", incident.getHeader("List-Unsubscribe-Post")[0]);
        Matcher angle = Pattern.compile("<" + Pattern.quote(PUBLIC_URL) + "(/unsubscribe\\?token=[^>]+)>")
                .matcher(listUnsubscribe);
        assertTrue(angle.matches(), listUnsubscribe);

        HttpResponse<String> oneClick = send("POST", angle.group(1), "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click");
        assertEquals(200, oneClick.statusCode(), oneClick.body());
        assertEquals(1, subscriptions(), "only the webhook is left");

        target.answer(200);
        UpwatchServerTest.await("the webhook told of the resolution", WAIT, () -> hook.deliveries().stream()
                .anyMatch(d -> d.body().contains("incident.resolved")));
        UpwatchServerTest.await("the outbox drained", WAIT, () -> outboxView.outboxStore().pending().isEmpty());
        assertEquals(2, smtp.getReceivedMessages().length, "nothing more after the one-click unsubscribe");

        List<WebhookReceiver.Delivery> deliveries = hook.deliveries();
        assertEquals(2, deliveries.size(), "opened and resolved");
        for (WebhookReceiver.Delivery delivery : deliveries) {
            assertTrue(WebhookSigner.fromSecret(secret).verify(delivery.headers().get("webhook-id"),
                    delivery.headers().get("webhook-timestamp"), delivery.body().getBytes(StandardCharsets.UTF_8),
                    delivery.headers().get("webhook-signature"), Instant.now()), "signed with the subscription's secret");
        }
    }

    @Test
    void theAnswerToASubscribeRequestIsTheSameForAKnownAndAnUnknownAddress() throws Exception {
        String body = "{\"email\": \"%s\"}";
        HttpResponse<String> first = send("POST", "/api/v1/subscriptions", "application/json",
                body.formatted("known@example.com"));
        UpwatchServerTest.await("the confirmation mail", WAIT, () -> smtp.getReceivedMessages().length == 1);
        String link = link((String) smtp.getReceivedMessages()[0].getContent());
        String token = link.substring(link.indexOf("token=") + 6);
        assertEquals(200, send("POST", "/api/v1/subscriptions/confirm?token=" + token, null, null).statusCode());

        HttpResponse<String> known = send("POST", "/api/v1/subscriptions", "application/json",
                body.formatted("Known@example.com"));
        HttpResponse<String> unknown = send("POST", "/api/v1/subscriptions", "application/json",
                body.formatted("unknown@example.com"));
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(first.statusCode(), known.statusCode());
        assertEquals(first.body(), known.body());
        assertEquals(known.statusCode(), unknown.statusCode());
        assertEquals(known.body(), unknown.body());

        HttpResponse<String> bad = send("POST", "/api/v1/subscriptions", "application/json",
                body.formatted("not an address"));
        assertEquals(400, bad.statusCode());
        assertEquals("application/problem+json", bad.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("email", JSON.readTree(bad.body()).get("errors").get(0).get("field").asText());

        String admin = app.tokens().create("subscription-test", TokenScope.ADMIN).secret().value();
        HttpResponse<String> listed = ServerRequests.withToken(app.baseUri(), admin, "GET",
                "api/v1/admin/subscriptions", null);
        JsonNode listing = JSON.readTree(listed.body());
        assertEquals(1, listing.get("count").asInt(), listed.body());
        assertEquals("known@example.com", listing.get("subscriptions").get(0).get("address").asText());
        assertEquals("en", listing.get("subscriptions").get(0).get("language").asText(), "made through the API");
        assertEquals(401, send("GET", "/api/v1/admin/subscriptions", null, null).statusCode());
    }

    @Test
    void aReaderOfTheGermanPageGetsGermanPagesAndIsWrittenToInGerman() throws Exception {
        HttpResponse<String> form = send("GET", "/subscribe?lang=de", null, null);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("lang=\"de\"") && form.body().contains("Benachrichtigungen erhalten"),
                form.body());
        HttpResponse<String> refused = send("POST", "/subscribe?lang=de", "application/x-www-form-urlencoded",
                "email=not+an+address");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("geben Sie eine E-Mail-Adresse ein"), refused.body());
        HttpResponse<String> sent = send("POST", "/subscribe?lang=de", "application/x-www-form-urlencoded",
                "email=leser%40example.com");
        assertTrue(sent.body().contains("Sehen Sie in Ihrem Posteingang nach"), sent.body());

        UpwatchServerTest.await("the confirmation mail", WAIT, () -> smtp.getReceivedMessages().length == 1);
        MimeMessage confirmation = smtp.getReceivedMessages()[0];
        assertEquals("Bestätigen Sie Ihr Abonnement von Example status", confirmation.getSubject());
        Matcher confirmLink = Pattern.compile(Pattern.quote(PUBLIC_URL) + "(/subscribe/confirm\\?token=([^&\\s]+)&lang=de)")
                .matcher((String) confirmation.getContent());
        assertTrue(confirmLink.find(), (String) confirmation.getContent());
        HttpResponse<String> button = send("GET", confirmLink.group(1), null, null);
        assertTrue(button.body().contains("Abonnement bestätigen"), "the link opens the page in German");
        HttpResponse<String> confirmed = send("POST", "/subscribe/confirm?lang=de",
                "application/x-www-form-urlencoded", "token=" + confirmLink.group(2));
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals(java.util.Locale.GERMAN, outboxView.subscriptionStore().all().getFirst().locale(),
                "the subscription remembers its language");

        target.answer(500);
        UpwatchServerTest.await("the incident mail", WAIT, () -> smtp.getReceivedMessages().length == 2);
        MimeMessage incident = smtp.getReceivedMessages()[1];
        assertTrue(incident.getSubject().startsWith("[Example status] Störung: "), incident.getSubject());
        String text = (String) incident.getContent();
        assertTrue(text.contains("Auswirkung: Ausfall"), text);
        Matcher unsubscribe = Pattern.compile(Pattern.quote(PUBLIC_URL) + "(/unsubscribe\\?token=\\S+&lang=de)")
                .matcher(text);
        assertTrue(unsubscribe.find(), text);
        HttpResponse<String> goodbye = send("GET", unsubscribe.group(1), null, null);
        assertTrue(goodbye.body().contains("Klicken Sie auf die Schaltfläche, um keine E-Mails mehr"), goodbye.body());
    }

    private int subscriptions() {
        return outboxView.subscriptionStore().all().size();
    }

    /** The path and query of the one link to this page in a mail. */
    private static String link(String text) {
        Matcher matcher = LINK.matcher(text);
        assertTrue(matcher.find(), text);
        return matcher.group(1);
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUri().toString().replaceAll("/$", "")
                + pathAndQuery)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
