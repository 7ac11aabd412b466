package dev.upwatch.notify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invalid settings fail at construction, with a message that names the channel and the field. */
class ValidationTest {
    private static final URI SLACK_URL = URI.create("https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX");

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/hook", "file:///etc/passwd", "/relative/hook", "example.com/hook"})
    void theUrlMustBeAbsoluteHttpOrHttps(String url) {
        assertMessage(() -> ChannelSettings.of("ops", ChannelType.WEBHOOK, URI.create(url)),
                "channel 'ops': url must be an absolute http or https URL");
    }

    @Test
    void theUrlMustNameAHost() {
        assertMessage(() -> ChannelSettings.of("ops", ChannelType.WEBHOOK, URI.create("https:///hook")),
                "channel 'ops': url must name a host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-ops", "ops team", "ops/team"})
    void theIdMustBeAName(String id) {
        assertMessage(() -> ChannelSettings.of(id, ChannelType.WEBHOOK, URI.create("https://example.com/hook")),
                "channel id '" + id + "' must be");
    }

    @Test
    void onlyWebhookChannelsTakeASecret() {
        assertMessage(() -> ChannelSettings.of("chat", ChannelType.SLACK, SLACK_URL).withSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "channel 'chat': secret is only used by webhook channels, not slack");
    }

    @Test
    void aWhsecSecretMustBeBase64() {
        var error = assertThrows(IllegalArgumentException.class, () -> ChannelSettings.of("ops", ChannelType.WEBHOOK,
                URI.create("https://example.com/hook")).withSecret("whsec_not*base64"));

        assertTrue(error.getMessage().startsWith("channel 'ops': secret "), error.getMessage());
        assertFalse(error.getMessage().contains("not*base64"), "the secret must not be repeated: " + error.getMessage());
    }

    @Test
    void aChannelNeedsAnEvent() {
        assertMessage(() -> ChannelSettings.of("ops", ChannelType.WEBHOOK, URI.create("https://example.com/hook"))
                .withEvents(Set.of()), "channel 'ops': events must name at least one of down, up, degraded, incident, "
                        + "certificate-expiring");
    }

    @Test
    void fromConfigNamesTheField() {
        assertMessage(() -> ChannelSettings.fromConfig("ops", "pager", "https://example.com", Optional.empty(), List.of()),
                "channel 'ops': type 'pager' is not a channel type; expected one of webhook, slack, discord, teams, telegram, ntfy");
        assertMessage(() -> ChannelSettings.fromConfig("ops", "webhook", "https://example.com", Optional.empty(),
                List.of("down", "recovered")), "channel 'ops': events: 'recovered' is not an event");
        assertMessage(() -> ChannelSettings.fromConfig("ops", "webhook", "https://exa mple.com/t0ken", Optional.empty(),
                List.of()), "channel 'ops': url is not a valid URI");
        assertMessage(() -> ChannelSettings.fromConfig("ops", null, "https://example.com", Optional.empty(), List.of()),
                "channel 'ops': type is required");
        assertMessage(() -> ChannelSettings.fromConfig("ops", "slack", " ", Optional.empty(), List.of()),
                "channel 'ops': url is required");
    }

    @Test
    void fromConfigReadsTheConfigurationNames() {
        ChannelSettings all = ChannelSettings.fromConfig("ops", "Slack", SLACK_URL.toString(), Optional.empty(), List.of());
        ChannelSettings some = ChannelSettings.fromConfig("pager", "webhook", "http://127.0.0.1:9/hook",
                Optional.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), List.of("down", "up"));

        assertEquals(ChannelType.SLACK, all.type());
        assertEquals(EnumSet.allOf(EventType.class), all.events());
        assertEquals(EnumSet.of(EventType.DOWN, EventType.UP), some.events());
        assertEquals(Optional.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), some.secret());
    }

    @Test
    void toStringHidesTheSecretAndTheUrlPath() {
        String slack = ChannelSettings.of("chat", ChannelType.SLACK, SLACK_URL).toString();
        String signed = ChannelSettings.of("ops", ChannelType.WEBHOOK, URI.create("https://example.com/hook?token=abc"))
                .withSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").toString();

        assertFalse(slack.contains("XXXXSECRETXXXX"), slack);
        assertTrue(slack.contains("hooks.slack.com"), slack);
        assertFalse(signed.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), signed);
        assertFalse(signed.contains("token=abc"), signed);
    }

    @Test
    void theDeliveryPolicyNamesTheField() {
        DeliveryPolicy defaults = DeliveryPolicy.defaults();

        assertMessage(defaults::withAttemptDelays, "attemptDelays must hold at least one delay");
        assertMessage(() -> defaults.withAttemptDelays(Duration.ZERO, Duration.ofSeconds(-1)), "attemptDelays must not be negative");
        assertMessage(() -> defaults.withAttemptTimeout(Duration.ZERO), "attemptTimeout must be positive");
        assertMessage(() -> defaults.withQueueCapacity(0), "queueCapacity must be at least 1");
        assertMessage(() -> defaults.withCloseTimeout(Duration.ofMillis(-1)), "closeTimeout must not be negative");
        assertMessage(() -> defaults.withJitter(1.5), "jitter must be between 0 and 1");
    }

    @Test
    void theDefaultPolicyIsTheStandardWebhooksScheduleWithJitter() {
        DeliveryPolicy defaults = DeliveryPolicy.defaults();

        assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)), defaults.attemptDelays());
        assertEquals(8, defaults.attempts());
        assertEquals(0.2, defaults.jitter());
        assertEquals(Duration.ofSeconds(10), defaults.attemptTimeout());
    }

    @Test
    void channelIdsAreUniqueAndTheBaseUrlIsHttp() {
        URI url = URI.create("https://example.com/hook");
        List<ChannelSettings> twice = List.of(ChannelSettings.of("ops", ChannelType.WEBHOOK, url),
                ChannelSettings.of("ops", ChannelType.SLACK, url));

        assertMessage(() -> WebhookNotifier.create(twice, Clock.systemUTC(), Optional.empty()),
                "channel id 'ops' is used by two channels");
        assertMessage(() -> WebhookNotifier.create(List.of(), Clock.systemUTC(), Optional.of(URI.create("status.example.com"))),
                "publicBaseUrl must be an absolute http or https URL");
    }

    private static void assertMessage(Executable executable, String expectedStart) {
        var error = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(error.getMessage().startsWith(expectedStart),
                "expected a message starting with \"" + expectedStart + "\", got \"" + error.getMessage() + "\"");
    }
}
