package dev.upwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The message template: a fixed set of variables, plain substitution, nothing evaluated. */
class MessageTemplateTest {
    private static final Monitor DB = Monitor.builder(MonitorId.of("db"), "Database",
            new ProbeSpec("tcp", ProbeSettings.empty())).build();
    private static final Event DOWN = Event.of(EventType.DOWN, Changes.down().affecting(List.of(DB)),
            Optional.of(URI.create("https://status.example.test/")));

    private static String render(String template) {
        return MessageTemplate.parse(template).render(DOWN, UnaryOperator.identity());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            monitor.name  | API
            monitor.id    | api
            monitor.group | Public
            status        | down
            previous      | up
            event         | service.down
            headline      | API is down
            reason        | [STATUS] (503) == 200; also affects 1 service: Database
            time          | 2026-11-24 20:01:02 UTC
            timestamp     | 2026-11-24T20:01:02.345Z
            response-time | 123
            url           | https://status.example.test/services/api
            affected      | Database
            """)
    void everyVariableIsTheEventsValue(String name, String value) {
        assertEquals("<" + value + ">", render("<{{" + name + "}}>"));
        assertEquals(value, render("{{ " + name + " }}"), "spaces inside the braces are allowed");
    }

    @Test
    void everyVariableIsCovered() {
        assertEquals(13, MessageTemplate.Variable.values().length, "a new variable needs a row above");
        assertEquals(List.of(MessageTemplate.Variable.values()), Arrays.stream(MessageTemplate.Variable.values())
                .map(v -> MessageTemplate.Variable.named(v.wireName()).orElseThrow()).toList());
    }

    @Test
    void anEventWithoutPageOrAffectedGivesEmptyText() {
        Event plain = Event.of(EventType.UP, Changes.up(), Optional.empty());
        assertEquals("[][]", MessageTemplate.parse("[{{url}}][{{affected}}]").render(plain, UnaryOperator.identity()));
    }

    @Test
    void textAroundVariablesAndStrayBracesStaysAsWritten() {
        assertEquals("{ a } }} {x} API", render("{ a } }} {x} {{monitor.name}}"));
        assertEquals("", render(""));
    }

    @Test
    void valuesAreNeverEvaluatedOrScannedAgain() {
        Monitor odd = Monitor.builder(MonitorId.of("odd"), "{{7*7}} {{reason}} ${7*7} #{7*7}",
                new ProbeSpec("tcp", ProbeSettings.empty())).build();
        Event event = Event.of(EventType.DOWN, new dev.upwatch.core.model.StatusChange(odd, Changes.down().previous(),
                Changes.down().current(), Changes.AT, Changes.down().sample(), "{{monitor.id}}"), Optional.empty());
        assertEquals("{{7*7}} {{reason}} ${7*7} #{7*7} / {{monitor.id}}",
                MessageTemplate.parse("{{monitor.name}} / {{reason}}").render(event, UnaryOperator.identity()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {{7*7}}                          | unknown variable '7*7'
            {{monitor.class.classLoader}}    | unknown variable 'monitor.class.classLoader'
            "{% include 'x' %}{{ x.upper() }}" | unknown variable 'x.upper()'
            {{}}                             | unknown variable ''
            Hello {{monitor.name             | unclosed '{{' at character 7
            {{status}} {{                    | unclosed '{{' at character 12
            """)
    void anythingButAKnownVariableIsRefused(String template, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageTemplate.parse(template));
        assertEquals(problem.startsWith("unknown") ? problem + " (known: " + MessageTemplate.Variable.names() + ")"
                : problem, e.getMessage());
    }

    @Test
    void aTemplateHasASizeCap() {
        MessageTemplate.parse("x".repeat(MessageTemplate.MAX_LENGTH));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageTemplate.parse("x".repeat(MessageTemplate.MAX_LENGTH + 1)));
        assertEquals("must be at most 2000 characters, got 2001", e.getMessage());
    }

    /** Values are escaped for the channel's markup; the template's own markup stays; the JSON writer escapes JSON. */
    @Test
    void valuesAreEscapedPerTarget() throws IOException {
        Monitor marked = Monitor.builder(MonitorId.of("m"), "<b>A&B</b> *bold* \"q\"",
                new ProbeSpec("tcp", ProbeSettings.empty())).build();
        Event event = Event.of(EventType.DOWN, new dev.upwatch.core.model.StatusChange(marked, Changes.down().previous(),
                Changes.down().current(), Changes.AT, Changes.down().sample(), "x"), Optional.empty());
        MessageTemplate template = MessageTemplate.parse("*{{monitor.name}}*\n");

        assertEquals("*&lt;b&gt;A&amp;B&lt;/b&gt; *bold* &quot;q&quot;*\n", text(ChannelType.TELEGRAM, event, template, "text"));
        assertEquals("*&lt;b&gt;A&amp;B&lt;/b&gt; *bold* \"q\"*\n", text(ChannelType.SLACK, event, template, "text"));
        assertEquals("*<b\\>A&B</b\\> \\*bold\\* \"q\"*\n", text(ChannelType.DISCORD, event, template, "content"));
        assertEquals("*<b>A&B</b> *bold* \"q\"*\n", text(ChannelType.WEBHOOK, event, template, "text"),
                "JSON bodies need only JSON escaping");
    }

    @Test
    void theOtherTypesCarryTheTextWhereTheirMessageGoes() throws IOException {
        MessageTemplate template = MessageTemplate.parse("{{headline}}: {{reason}}");
        String expected = "API is down: [STATUS] (503) == 200; also affects 1 service: Database";
        JsonNode ntfy = body(ChannelSettings.of("n", ChannelType.NTFY, URI.create("https://ntfy.example.test/alerts"))
                .withTemplate(template));
        assertEquals(expected, ntfy.get("message").asText());
        assertEquals("API is down", ntfy.get("title").asText());
        assertEquals(5, ntfy.get("priority").asInt(), "a DOWN's priority, as without a template");
        JsonNode mail = body(ChannelSettings.email("m", URI.create("smtp://mail.example.test"), "a@example.test",
                "b@example.test").withTemplate(template));
        assertEquals(expected, mail.get("text").asText());
        assertEquals("[Upwatch] API is down", mail.get("subject").asText());
        JsonNode teams = body(ChannelSettings.of("t", ChannelType.TEAMS, URI.create("https://teams.example.test/x"))
                .withTemplate(template));
        assertEquals(expected, teams.at("/attachments/0/content/body/0/text").asText());
        assertEquals(1, teams.at("/attachments/0/content/body").size());
        assertEquals(false, body(ChannelSettings.of("w", ChannelType.WEBHOOK, URI.create("https://hooks.example.test/x")))
                .get("data").has("text"), "no text without a template");
    }

    private static JsonNode body(ChannelSettings settings) throws IOException {
        return PayloadFormat.JSON.readTree(Channel.of(settings).render(DOWN));
    }

    private static String text(ChannelType type, Event event, MessageTemplate template, String field) throws IOException {
        ChannelSettings settings = type == ChannelType.TELEGRAM
                ? ChannelSettings.telegram("t", URI.create("https://api.telegram.org"),
                "123456789:AAHabcdefghijklmnopqrstuvwxyz", "42").withTemplate(template)
                : ChannelSettings.of("c", type, URI.create("https://hooks.example.test/x")).withTemplate(template);
        JsonNode body = PayloadFormat.JSON.readTree(Channel.of(settings).render(event));
        return (type == ChannelType.WEBHOOK ? body.get("data") : body).get(field).asText();
    }
}
