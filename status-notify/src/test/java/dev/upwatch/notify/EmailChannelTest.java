package dev.upwatch.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.model.DeliveryState;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The email channel against a real SMTP server (GreenMail) on 127.0.0.1. */
class EmailChannelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T20:01:05Z"), ZoneOffset.UTC);
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults().withJitter(0)
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(50))
            .withAttemptTimeout(Duration.ofSeconds(5)).withCloseTimeout(Duration.ofSeconds(15));

    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private URI smtpUrl() {
        return URI.create("smtp://127.0.0.1:" + smtp.getSmtp().getPort());
    }

    @Test
    void aDownChangeArrivesAsAPlainTextMailWithTheMessageIdFromTheOutbox() throws Exception {
        var outbox = new InMemoryOutboxStore();
        var channel = ChannelSettings.email("mail", smtpUrl(), "Upwatch <upwatch@example.com>",
                "ops@example.com, oncall@example.com");
        try (var notifier = new WebhookNotifier(List.of(channel), CLOCK,
                Optional.of(URI.create("https://status.example.com")), FAST, outbox)) {
            notifier.statusChanged(Changes.down());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (smtp.getReceivedMessages().length < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(2, smtp.getReceivedMessages().length, "one copy per recipient");
        }

        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertEquals("[Upwatch] API is down", mail.getSubject());
        assertEquals("Upwatch <upwatch@example.com>", mail.getFrom()[0].toString());
        assertEquals(2, mail.getAllRecipients().length);
        String id = outbox.deliveries(1).getFirst().messageId();
        assertEquals("<" + id + "@upwatch>", mail.getMessageID());
        assertEquals(id, mail.getHeader("X-Upwatch-Message-Id")[0]);
        assertEquals("""
                API is down

                Status:        down (was up)
                Since:         2026-11-24 20:01:02 UTC
                Response time: 123 ms
                Group:         Public
                Reason:        [STATUS] (503) == 200

                https://status.example.com/services/api""", ((String) mail.getContent()).replace("\r\n", "\n").stripTrailing());
        assertEquals(OptionalInt.of(250), outbox.deliveries(1).getFirst().statusCode());
        assertEquals(DeliveryState.DELIVERED, outbox.deliveries(1).getFirst().outcome());
    }

    @Test
    void anUnreachableServerIsRetriedAndLogged() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var outbox = new InMemoryOutboxStore();
        var channel = ChannelSettings.email("mail", URI.create("smtp://127.0.0.1:" + closedPort), "a@example.com", "b@example.com");
        try (var notifier = new WebhookNotifier(List.of(channel), CLOCK, Optional.empty(), FAST, outbox)) {
            notifier.statusChanged(Changes.down());
        }
        var log = outbox.deliveries(10);
        assertEquals(List.of(3, 2, 1), log.stream().map(a -> a.attempt()).toList());
        assertEquals(DeliveryState.DEAD, log.getFirst().outcome());
        assertTrue(log.getFirst().error().orElseThrow().startsWith("gave up after 3 attempts, last: SMTP"), log.getFirst().error().get());
    }

    @Test
    void emailSettingsAreValidatedAndThePasswordIsNeverPrinted() {
        var channel = new ChannelSettings("mail", ChannelType.EMAIL, URI.create("smtps://smtp.example.com"), Optional.empty(),
                java.util.EnumSet.allOf(EventType.class), Optional.empty(),
                Map.of("from", "a@example.com", "to", "b@example.com", "username", "a", "password", "hunter2"),
                Optional.empty(), FlapRule.DEFAULT);
        assertTrue(!channel.toString().contains("hunter2"), channel.toString());

        var error = assertThrows(IllegalArgumentException.class,
                () -> ChannelSettings.email("mail", URI.create("https://smtp.example.com"), "a@example.com", "b@example.com"));
        assertEquals("channel 'mail': url must be smtp://host:port or smtps://host:port", error.getMessage());
        error = assertThrows(IllegalArgumentException.class,
                () -> ChannelSettings.email("mail", URI.create("smtp://smtp.example.com"), "a@example.com", "not an address"));
        assertTrue(error.getMessage().startsWith("channel 'mail': to is not a valid address list"), error.getMessage());
    }
}
