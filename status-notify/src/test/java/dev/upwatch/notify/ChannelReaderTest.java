package dev.upwatch.notify;

import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigProblem;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** status-notify reads its own channel settings from the format-neutral configuration node. */
class ChannelReaderTest {
    private static final List<Monitor> MONITORS = List.of(
            Monitor.builder(MonitorId.of("api"), "API", new ProbeSpec("tcp", ProbeSettings.empty())).group("Backend").build(),
            Monitor.builder(MonitorId.of("web"), "Web", new ProbeSpec("tcp", ProbeSettings.empty())).build());

    private final ConfigReader reader = new ConfigReader();

    private Optional<ChannelSettings> read(Map<String, ?> definition) {
        return ChannelReader.read(reader, ConfigNode.ofValues("request", definition, Map.of()), MONITORS);
    }

    private List<String> problems() {
        return reader.problems().stream().map(p -> p.key() + ": " + p.problem()).toList();
    }

    @Test
    void eachTypeTakesItsOwnKeys() {
        ChannelSettings telegram = read(Map.of("id", "tg", "type", "telegram",
                "bot-token", "123456789:AAHabcdefghijklmnopqrstuvwxyz", "chat-id", "-1001234567890")).orElseThrow();
        assertEquals(URI.create("https://api.telegram.org"), telegram.url(), "Telegram's Bot API unless told otherwise");
        ChannelSettings email = read(Map.of("id", "mail", "type", "email", "url", "smtps://smtp.example.test",
                "from", "Upwatch <u@example.test>", "to", List.of("a@example.test", "b@example.test"),
                "username", "u", "password", "p")).orElseThrow();
        assertEquals("a@example.test, b@example.test", email.options().get(ChannelSettings.TO_KEY));
        ChannelSettings hook = read(Map.of("id", "hook", "type", "webhook", "url", "https://hooks.example.test/x",
                "secret", List.of("whsec_bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleQ==",
                        "whsec_b2xkLWtleS1vbGQta2V5LW9sZC1rZXktb2xkLWtleQ=="),
                "groups", List.of("Backend"), "remind-every", "30m", "flap-limit", 0)).orElseThrow();
        assertEquals(2, hook.secrets().size());
        assertEquals(Optional.of(Set.of(MonitorId.of("api"))), hook.monitors());
        assertEquals(Optional.of(Duration.ofMinutes(30)), hook.remindEvery());
        assertTrue(!hook.flap().enabled());
        assertEquals(List.of(), problems());
    }

    @Test
    void everyProblemOfAChannelIsNotedAtItsKey() {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("id", "bad id!");
        definition.put("type", "email");
        definition.put("url", "https://mail.example.test");
        definition.put("to", "not an address <");
        definition.put("password", "p");
        definition.put("chat-id", "42");
        definition.put("events", List.of());
        definition.put("certificate-warning", "12h");
        definition.put("flap-window", "200000d");
        definition.put("monitors", List.of("ghost"));
        assertEquals(Optional.empty(), read(definition));
        assertEquals(List.of(
                "id: channel id 'bad id!' must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a "
                        + "letter or digit",
                "chat-id: channel 'bad id!': chat-id does not apply to email channels",
                "url: channel 'bad id!': url must be smtp://host:port or smtps://host:port",
                "events: channel 'bad id!': events must name at least one of down, up, degraded, incident, "
                        + "certificate-expiring",
                "certificate-warning: must be at least 1d, got 12h",
                "from: channel 'bad id!': from is required for email",
                "to: channel 'bad id!': to is not a valid address list (Missing '>')",
                "password: channel 'bad id!': password needs a username",
                "monitors[0]: no monitor has the id 'ghost'",
                "flap-window: must be at most 7d, got 200000d"), problems());
        assertTrue(reader.problems().stream().allMatch(p -> p.line() == 0 && p.file().equals("request")),
                reader.problems().stream().map(ConfigProblem::toString).toList().toString());
    }
}
