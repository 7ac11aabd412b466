package dev.upwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.Notifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code service.certificate-expiring} through {@link Notifier#checked}, read back from a real receiver. */
class CertificateExpiringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Changes.AT;
    private static final Optional<URI> BASE_URL = Optional.of(URI.create("https://status.example.com"));
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults().withJitter(0)
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20)).withCloseTimeout(Duration.ofSeconds(10));

    private Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.answeringOk();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    /** A successful check of {@code api} at {@code checkedAt} that saw a certificate expiring at {@code notAfter}. */
    private static Sample sample(Instant checkedAt, Instant notAfter) {
        return new Sample(Changes.API.id(), checkedAt, Duration.ofMillis(123), Outcome.SUCCESS, Optional.empty(),
                List.of(), Optional.of(notAfter));
    }

    private WebhookNotifier notifier(ChannelSettings... channels) {
        return new WebhookNotifier(List.of(channels), Clock.fixed(AT, ZoneOffset.UTC), BASE_URL, FAST);
    }

    @Test
    void aCertificateWithinTheWarningPeriodIsAnnouncedOnceWithTheDocumentedJson() throws Exception {
        Instant notAfter = Instant.parse("2026-11-29T21:00:00Z"); // 5 days and about an hour after AT
        try (var notifier = notifier(ChannelSettings.of("one", ChannelType.WEBHOOK, receiver.url("/one")))) {
            notifier.checked(Changes.API, sample(AT, notAfter));
            notifier.checked(Changes.API, sample(AT.plusSeconds(60), notAfter));
            notifier.checked(Changes.API, sample(AT.plus(Duration.ofDays(1)), notAfter));
        }
        assertEquals(1, receiver.requests().size(), "one warning per certificate");
        assertEquals(JSON.readTree("""
                {"type":"service.certificate-expiring","timestamp":"2026-11-24T20:01:02.345Z",
                 "data":{"service":{"id":"api","name":"API","group":"Public"},"expiresAt":"2026-11-29T21:00:00.000Z",
                         "daysLeft":5,"url":"https://status.example.com/services/api"}}"""),
                JSON.readTree(receiver.requests().getFirst().body()));
    }

    @Test
    void aRenewedCertificateCanWarnAgain() throws Exception {
        try (var notifier = notifier(ChannelSettings.of("one", ChannelType.WEBHOOK, receiver.url("/one")))) {
            notifier.checked(Changes.API, sample(AT, AT.plus(Duration.ofDays(5))));
            notifier.checked(Changes.API, sample(AT.plus(Duration.ofDays(90)), AT.plus(Duration.ofDays(100))));
        }
        // Deliveries to one channel may run concurrently, so compare what arrived, not in which order.
        assertEquals(List.of(5L, 10L), receiver.requests().stream()
                .map(r -> body(r).get("data").get("daysLeft").asLong()).sorted().toList());
    }

    @Test
    void aCertificateBeyondTheWarningPeriodOrWithoutOneSendsNothing() throws Exception {
        try (var notifier = notifier(ChannelSettings.of("one", ChannelType.WEBHOOK, receiver.url("/one")))) {
            notifier.checked(Changes.API, sample(AT, AT.plus(Duration.ofDays(60))));
            notifier.checked(Changes.API, new Sample(Changes.API.id(), AT, Duration.ofMillis(5), Outcome.SUCCESS,
                    Optional.empty(), List.of()));
        }
        assertEquals(0, receiver.requests().size());
    }

    @Test
    void theWarningPeriodIsAChannelSettingAndOnlySubscribedChannelsGetTheWarning() throws Exception {
        var statusOnly = ChannelSettings.of("status", ChannelType.WEBHOOK, receiver.url("/status"))
                .withEvents(Set.of(EventType.DOWN, EventType.UP));
        var shortPeriod = ChannelSettings.of("short", ChannelType.WEBHOOK, receiver.url("/short"))
                .withCertificateWarning(Duration.ofDays(3));
        var longPeriod = ChannelSettings.of("long", ChannelType.WEBHOOK, receiver.url("/long"))
                .withEvents(Set.of(EventType.CERTIFICATE_EXPIRING)).withCertificateWarning(Duration.ofDays(30));
        try (var notifier = notifier(statusOnly, shortPeriod, longPeriod)) {
            notifier.checked(Changes.API, sample(AT, AT.plus(Duration.ofDays(20))));
        }
        assertEquals(List.of("/long"), receiver.requests().stream().map(Receiver.Request::path).toList());
    }

    @Test
    void slackGetsOneLineLinkingToTheService() throws Exception {
        try (var notifier = notifier(ChannelSettings.of("one", ChannelType.SLACK, receiver.url("/one")))) {
            notifier.checked(Changes.API, sample(AT, Instant.parse("2026-11-29T21:00:00Z")));
        }
        JsonNode slack = body(receiver.requests().getFirst());
        assertEquals("\u26A0\uFE0F Certificate of API expires in 5 days (2026-11-29 21:00:00 UTC)",
                slack.get("text").asText());
        assertEquals(1, slack.get("blocks").size());
        assertTrue(slack.get("blocks").get(0).get("text").get("text").asText()
                .endsWith(" <https://status.example.com/services/api|View API on the status page>"));
    }

    @Test
    void everyFormatRendersTheWarning() throws Exception {
        for (ChannelType type : List.of(ChannelType.DISCORD, ChannelType.TEAMS, ChannelType.NTFY)) {
            var channel = ChannelSettings.of(type.configName(), type, receiver.url("/" + type.configName()));
            try (var notifier = notifier(channel)) {
                notifier.checked(Changes.API, sample(AT, AT.plus(Duration.ofDays(2))));
            }
        }
        assertEquals(3, receiver.requests().size());
        receiver.requests().forEach(r -> assertTrue(r.text().contains("Certificate of API expires in 1 day")
                || r.text().contains("Certificate of API expires in 2 days"), r.text()));
    }

    private static JsonNode body(Receiver.Request request) {
        try {
            return JSON.readTree(request.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
