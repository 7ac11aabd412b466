package dev.upwatch.web.config;

import dev.upwatch.core.probe.ProbeRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code subscriptions} section: defaults, and each mistake as a {@code file:line: key: problem}. */
class SubscriptionConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final ConfigLoader loader = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of());

    private UpwatchConfig parse(String yaml) {
        return loader.parse(yaml, "upwatch.yml", Path.of("/etc/upwatch"));
    }

    private List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).problems().stream()
                .map(p -> p.line() + ": " + p.key() + ": " + p.problem()).toList();
    }

    @Test
    void absentMeansNoSubscriptionsAndPresentHasTheDocumentedDefaults() {
        assertEquals(Optional.empty(), parse("monitors: []").subscriptions());
        SubscriptionConfig config = parse("""
                page: { public-url: "https://status.example.com" }
                subscriptions: { secret: "%s", smtp: "smtp://127.0.0.1:2525", from: "status@example.com" }
                monitors: []
                """.formatted(SECRET)).subscriptions().orElseThrow();
        assertEquals(new SubscriptionConfig(SECRET, Optional.of(URI.create("smtp://127.0.0.1:2525")),
                Optional.of("status@example.com"), Optional.empty(), Optional.empty(), 10, Duration.ofHours(24),
                Duration.ofMinutes(10), true), config);
        assertEquals(Duration.ofMillis(100), config.sendEvery());
    }

    @Test
    void eachMistakeNamesItsKey() {
        assertEquals(List.of("2: subscriptions: subscriptions need page.public-url: mails link back to the page",
                        "2: subscriptions.secret: must be at least 32 characters (it signs the links); for example the "
                                + "output of: openssl rand -base64 32",
                        "2: subscriptions: from is required with smtp: the sender of subscribers' mails",
                        "2: subscriptions.rate: 0 is out of range [1, 1000]"),
                problems("""
                        monitors: []
                        subscriptions: { secret: short, smtp: "smtp://mail.example.com", rate: 0 }
                        """));
        assertEquals(List.of("2: subscriptions.smtp: must be smtp://host:port or smtps://host:port"),
                problems("""
                        page: { public-url: "https://status.example.com" }
                        subscriptions: { secret: "%s", smtp: "https://mail.example.com", from: "a@example.com" }
                        monitors: []
                        """.formatted(SECRET)));
    }

    @Test
    void channelIdsOfSubscribersAreReserved() {
        assertEquals(List.of("3: notifications[0].id: channel ids starting with 'subscriber-' are reserved for the "
                        + "page's subscribers"),
                problems("""
                        monitors: []
                        notifications:
                          - { id: subscriber-ops, type: webhook, url: "https://hooks.example.com/x" }
                        """));
    }
}
