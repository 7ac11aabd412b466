package dev.upwatch.web.config;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.ChannelType;
import dev.upwatch.notify.EventType;
import dev.upwatch.notify.FlapRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()),
            Map.of("DB_PASSWORD", "s3cret", "HOOK_HOST", "hooks.example.com"));

    private UpwatchConfig parse(String yaml) {
        return loader.parse(yaml, "upwatch.yml", Path.of("/etc/upwatch"));
    }

    @Test
    void readsTheRawSampleRetention() {
        UpwatchConfig config = parse("""
                storage: { raw-retention: 14d }
                monitors: []
                """);
        assertEquals(Duration.ofDays(14), config.storage().rawRetention());
    }

    @Test
    void readsTheDocumentedExample() {
        UpwatchConfig config = parse("""
                server: { port: 9090 }
                storage: { jdbc-url: "jdbc:postgresql://db:5432/upwatch", username: upwatch, password: "${DB_PASSWORD}" }
                page: { title: Acme Status, refresh: 30s, public-url: "https://status.acme.test" }
                monitors:
                  - { id: website, name: Website, group: Public, type: http, url: "https://example.com/health",
                      interval: 30s, timeout: 5s, conditions: ["[STATUS] == 200"], degraded-above: 800ms,
                      failure-threshold: 3, success-threshold: 2 }
                  - { id: db, name: Database, type: tcp, host: 127.0.0.1, port: 5432, interval: 15s }
                notifications:
                  - { id: ops, type: webhook, url: "https://${HOOK_HOST}/x", secret: whsec_abc, events: [down, up] }
                """);
        assertEquals(9090, config.server().port());
        assertEquals(Optional.of("s3cret"), config.storage().password());
        assertEquals(StorageConfig.DEFAULT_RAW_RETENTION, config.storage().rawRetention());
        assertEquals("Acme Status", config.page().title());
        assertEquals(Optional.of(URI.create("https://status.acme.test")), config.page().publicUrl());
        Monitor website = config.monitors().get(0);
        assertEquals("website", website.id().value());
        assertEquals("Public", website.group());
        assertEquals(Duration.ofSeconds(30), website.interval());
        assertEquals(Duration.ofSeconds(5), website.timeout());
        assertEquals(Optional.of(Duration.ofMillis(800)), website.degradedAbove());
        assertEquals(3, website.failureThreshold());
        assertEquals(2, website.successThreshold());
        assertEquals("[STATUS] == 200", website.conditions().get(0).expression());
        assertEquals("https://example.com/health", website.probe().settings().asMap().get("url"));
        Monitor db = config.monitors().get(1);
        assertEquals("tcp", db.probe().type());
        assertEquals(Monitor.DEFAULT_GROUP, db.group());
        assertEquals(Duration.ofSeconds(10), db.timeout(), "timeout defaults to 10s");
        assertEquals(List.of("[CONNECTED] == true"), db.conditions().stream().map(c -> c.expression()).toList(),
                "the probe type's default conditions apply");
        assertEquals(URI.create("https://hooks.example.com/x"), config.notifications().get(0).url());
        assertEquals(Set.of(EventType.DOWN, EventType.UP), config.notifications().get(0).events());
    }

    @Test
    void readsEveryChannelTypeWithItsOwnKeys() {
        UpwatchConfig config = parse("""
                monitors: []
                notifications:
                  - { id: teams, type: teams, url: "https://prod.westeurope.logic.azure.com/workflows/abc", events: [down, up, incident] }
                  - { id: tg, type: telegram, bot-token: "123456789:AAHabcdefghijklmnopqrstuvwxyz", chat-id: "-1001234567890" }
                  - { id: phone, type: ntfy, url: "https://ntfy.sh/upwatch-alerts", remind-every: 30m, certificate-warning: 30d }
                  - id: mail
                    type: email
                    url: smtp://smtp.example.com:587
                    from: "Upwatch <upwatch@example.com>"
                    to: [ops@example.com, oncall@example.com]
                    username: upwatch
                    password: hunter2
                """);
        var channels = config.notifications();
        assertEquals(List.of(ChannelType.TEAMS, ChannelType.TELEGRAM, ChannelType.NTFY, ChannelType.EMAIL),
                channels.stream().map(ChannelSettings::type).toList());
        assertEquals(Set.of(EventType.DOWN, EventType.UP, EventType.INCIDENT), channels.get(0).events());
        assertEquals(URI.create("https://api.telegram.org"), channels.get(1).url(), "Telegram's API is the default url");
        assertEquals("-1001234567890", channels.get(1).options().get("chat-id"));
        assertTrue(!channels.get(1).toString().contains("AAHabc"), channels.get(1).toString());
        assertEquals(Optional.of(Duration.ofMinutes(30)), channels.get(2).remindEvery());
        assertEquals(Optional.empty(), channels.get(0).remindEvery(), "reminders are off by default");
        assertEquals(Duration.ofDays(30), channels.get(2).certificateWarning());
        assertEquals(Duration.ofDays(14), channels.get(0).certificateWarning(), "certificates warn 14d ahead by default");
        assertTrue(channels.get(2).accepts(EventType.CERTIFICATE_EXPIRING), "every event by default");
        assertEquals("ops@example.com, oncall@example.com", channels.get(3).options().get("to"));
        assertTrue(!channels.get(3).toString().contains("hunter2"), channels.get(3).toString());
    }

    @Test
    void routingSelectsMonitorsByIdAndGroupAndDefaultsToAll() {
        UpwatchConfig config = parse("""
                monitors:
                  - { id: api, type: tcp, host: h, port: 1, group: Public }
                  - { id: web, type: tcp, host: h, port: 2, group: Public }
                  - { id: db, type: tcp, host: h, port: 3, group: Internal }
                notifications:
                  - { id: public-team, type: webhook, url: "https://x.test/a", groups: [Public] }
                  - { id: dba, type: webhook, url: "https://x.test/b", monitors: [db], flap-limit: 0 }
                  - { id: ops, type: webhook, url: "https://x.test/c", flap-limit: 3, flap-window: 5m }
                """);
        var channels = config.notifications();
        assertEquals(Optional.of(Set.of(MonitorId.of("api"), MonitorId.of("web"))), channels.get(0).monitors());
        assertEquals(Optional.of(Set.of(MonitorId.of("db"))), channels.get(1).monitors());
        assertEquals(Optional.empty(), channels.get(2).monitors(), "no filter: every monitor");
        assertEquals(FlapRule.DEFAULT, channels.get(0).flap());
        assertTrue(!channels.get(1).flap().enabled());
        assertEquals(new FlapRule(3, Duration.ofMinutes(5)), channels.get(2).flap());
    }

    @Test
    void aWebhookSecretMayBeAListWhileRotating() {
        UpwatchConfig config = parse("""
                monitors: [ { id: a, type: tcp, host: localhost, port: 1 } ]
                notifications:
                  - id: hook
                    type: webhook
                    url: "https://hooks.example.test/x"
                    secret: [ "whsec_bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleQ==", "whsec_b2xkLWtleS1vbGQta2V5LW9sZC1rZXktb2xkLWtleQ==" ]
                """);
        assertEquals(List.of("whsec_bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleQ==", "whsec_b2xkLWtleS1vbGQta2V5LW9sZC1rZXktb2xkLWtleQ=="),
                config.notifications().get(0).secrets());
    }

    @Test
    void secretsAreNotPrinted() {
        UpwatchConfig config = parse("""
                storage: { jdbc-url: "jdbc:postgresql://db/upwatch", password: "${DB_PASSWORD}" }
                monitors: [ { id: a, type: tcp, host: localhost, port: 1 } ]
                notifications: [ { id: s, type: slack, url: "https://hooks.slack.test/services/T0/B0/XYZSECRET" } ]
                """);
        assertTrue(!config.storage().toString().contains("s3cret"), config.storage().toString());
        assertTrue(!config.notifications().get(0).toString().contains("XYZSECRET"), config.notifications().get(0).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key      | monitors: []\\nextra: 1                                                        | upwatch.yml:2: extra: unknown key
            missing monitors           | page: { title: x }                                                              | upwatch.yml:1: 'monitors' is required
            missing id                 | monitors:\\n  - { type: tcp, host: h, port: 1 }                                | upwatch.yml:2: monitors[0].id: is required
            bad id                     | monitors:\\n  - { id: 'a b', type: tcp, host: h, port: 1 }                     | upwatch.yml:2: monitors[0].id: monitor id 'a b' must be
            unknown type               | monitors:\\n  - { id: a, type: ftp }                                           | upwatch.yml:2: monitors[0].type: unknown probe type 'ftp'
            missing probe setting      | monitors:\\n  - id: a\\n    type: http                                        | monitors[0].url: is required
            bad url scheme             | monitors:\\n  - id: a\\n    type: http\\n    url: file:///etc/passwd          | upwatch.yml:4: monitors[0].url:
            unknown monitor key        | monitors:\\n  - id: a\\n    type: tcp\\n    host: h\\n    port: 1\\n    colour: red | upwatch.yml:6: monitors[0].colour: unknown key for a tcp monitor
            bad duration               | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, interval: 30 }          | upwatch.yml:2: monitors[0].interval: '30' is not a duration
            timeout above interval     | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, interval: 5s, timeout: 10s } | monitors[0].timeout: timeout (10s) must not exceed interval (5s)
            bad threshold              | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, failure-threshold: 0 }  | monitors[0].failure-threshold: 0 is out of range [1, 100]
            sla of 100                 | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, sla: 100 }                | upwatch.yml:2: monitors[0].sla: sla must be a number greater than 0 and less than 100
            sla not a number           | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, sla: high }               | upwatch.yml:2: monitors[0].sla: sla must be a number greater than 0 and less than 100
            bad condition              | monitors:\\n  - id: a\\n    type: tcp\\n    host: h\\n    port: 1\\n    conditions: ['[STATU] == 200'] | upwatch.yml:6: monitors[0].conditions[0]: bad condition:
            duplicate id               | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\n  - { id: a, type: tcp, host: h, port: 2 } | upwatch.yml:3: monitors[1].id: monitor id 'a' is used twice
            duplicate key              | monitors:\\n  - { id: a, id: b, type: tcp, host: h, port: 1 }                | monitors[0].id: duplicate key
            missing env var            | monitors:\\n  - { id: a, type: tcp, host: '${NOPE}', port: 1 }                | upwatch.yml:2: monitors[0].host: environment variable NOPE is not set
            bad storage url            | storage: { jdbc-url: 'jdbc:mysql://x' }\\nmonitors: []                      | upwatch.yml:1: storage.jdbc-url: only jdbc:postgresql: and jdbc:h2: URLs are supported
            short raw retention        | storage: { raw-retention: 30m }\\nmonitors: []                            | upwatch.yml:1: storage.raw-retention: must be at least 1h
            bad raw retention          | storage: { raw-retention: forever }\\nmonitors: []                        | upwatch.yml:1: storage.raw-retention: 'forever' is not a duration
            bad channel type           | monitors: []\\nnotifications:\\n  - { id: n, type: pager, url: 'https://x.test' } | upwatch.yml:3: notifications[0].type: 'pager' is not a channel type
            bad channel url            | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'ftp://x.test' } | notifications[0].url: must be an http:// or https:// URL
            bad event                  | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', events: [sideways] } | notifications[0].events[0]: 'sideways' is not an event
            unknown incident key       | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, starts: 2026-12-01T22:00:00Z, colour: red } | upwatch.yml:4: incidents[0].colour: unknown key; expected one of
            missing incident title     | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, starts: 2026-12-01T22:00:00Z } | upwatch.yml:4: incidents[0].title: is required
            bad incident id            | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: 'a b', title: t, starts: 2026-12-01T22:00:00Z } | upwatch.yml:4: incidents[0].id: incident id 'a b' must be
            bad incident kind          | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, kind: outage, starts: 2026-12-01T22:00:00Z } | upwatch.yml:4: incidents[0].kind: 'outage' is not a kind; expected incident or maintenance
            bad impact                 | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, impact: sad, starts: 2026-12-01T22:00:00Z } | upwatch.yml:4: incidents[0].impact: 'sad' is not an impact
            maintenance impact on incident | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, impact: maintenance, starts: 2026-12-01T22:00:00Z } | incidents[0].impact: impact 'maintenance' is only for kind: maintenance
            unknown service            | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, services: [a, b], starts: 2026-12-01T22:00:00Z } | upwatch.yml:4: incidents[0].services[1]: unknown monitor 'b'; known monitors: a
            service listed twice       | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, services: [a, a], starts: 2026-12-01T22:00:00Z } | incidents[0].services[1]: monitor 'a' is listed twice
            missing starts             | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t } | upwatch.yml:4: incidents[0].starts: is required
            bad instant                | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, starts: tomorrow } | upwatch.yml:4: incidents[0].starts: 'tomorrow' is not an ISO-8601 instant
            maintenance without end    | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, kind: maintenance, starts: 2026-12-01T22:00:00Z } | upwatch.yml:4: incidents[0]: a maintenance needs 'ends'
            maintenance with null end  | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, kind: maintenance, starts: 2026-12-01T22:00:00Z, ends: ~ } | upwatch.yml:4: incidents[0]: a maintenance needs 'ends'
            ends before starts         | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, starts: 2026-12-01T22:00:00Z, ends: 2026-12-01T21:00:00Z } | incidents[0].ends: must be after starts (2026-12-01T22:00:00Z)
            bad update state           | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - id: i\\n    title: t\\n    starts: 2026-12-01T22:00:00Z\\n    updates:\\n      - { at: 2026-12-01T22:05:00Z, state: fixed, message: m } | upwatch.yml:8: incidents[0].updates[0].state: 'fixed' is not a state
            missing update message     | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - id: i\\n    title: t\\n    starts: 2026-12-01T22:00:00Z\\n    updates:\\n      - { at: 2026-12-01T22:05:00Z, state: identified } | upwatch.yml:8: incidents[0].updates[0].message: is required
            duplicate incident id      | monitors:\\n  - { id: a, type: tcp, host: h, port: 1 }\\nincidents:\\n  - { id: i, title: t, starts: 2026-12-01T22:00:00Z }\\n  - { id: i, title: u, starts: 2026-12-01T22:00:00Z } | upwatch.yml:5: incidents[1].id: incident id 'i' is used twice
            incidents not a list       | monitors: []\\nincidents: { id: i } | upwatch.yml:2: incidents: expected a list
            reminder too often         | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', remind-every: 10s } | upwatch.yml:3: notifications[0].remind-every: must be at least 1m, got 10s
            telegram without chat      | monitors: []\\nnotifications:\\n  - { id: t, type: telegram, bot-token: '123:AAH01234567890123456789' } | upwatch.yml:3: notifications[0].chat-id: channel 't': chat-id is required for telegram
            telegram bad token         | monitors: []\\nnotifications:\\n  - { id: t, type: telegram, bot-token: oops, chat-id: 42 } | upwatch.yml:3: notifications[0].bot-token: channel 't': bot-token is required for telegram
            chat id on slack           | monitors: []\\nnotifications:\\n  - { id: s, type: slack, url: 'https://x.test', chat-id: 42 } | notifications[0].chat-id: channel 's': chat-id does not apply to slack channels
            route to unknown monitor   | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', monitors: [ghost] } | upwatch.yml:3: notifications[0].monitors[0]: no monitor has the id 'ghost'
            route to unknown group     | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', groups: [Nope] } | upwatch.yml:3: notifications[0].groups[0]: no monitor is in the group 'Nope'
            flap window too short      | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', flap-window: 5s } | upwatch.yml:3: notifications[0].flap-window: must be at least 1m, got 5s
            certificate warning short  | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', certificate-warning: 12h } | upwatch.yml:3: notifications[0].certificate-warning: must be at least 1d, got 12h
            certificate warning bad    | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', certificate-warning: soon } | upwatch.yml:3: notifications[0].certificate-warning:
            bad flap limit             | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', flap-limit: -1 } | notifications[0].flap-limit: -1 is out of range [0, 1000]
            email without from         | monitors: []\\nnotifications:\\n  - { id: m, type: email, url: 'smtp://mail.test', to: a@b.test } | upwatch.yml:3: notifications[0].from: channel 'm': from is required for email
            email with http url        | monitors: []\\nnotifications:\\n  - { id: m, type: email, url: 'https://mail.test', from: a@b.test, to: c@d.test } | upwatch.yml:3: notifications[0].url: channel 'm': url must be smtp://host:port or smtps://host:port
            ntfy without topic         | monitors: []\\nnotifications:\\n  - { id: p, type: ntfy, url: 'https://ntfy.sh/' } | upwatch.yml:3: notifications[0].url: channel 'p': url: an ntfy url is the topic's address
            not yaml                   | monitors: [ { id: a                                                             | not valid YAML
            wrong shape                | monitors: { id: a }                                                             | upwatch.yml:1: monitors: expected a list
            javascript link            | page:\\n  links:\\n    - { title: x, url: 'javascript:alert(1)' }\\nmonitors: [] | upwatch.yml:3: page.links[0].url: must be an http:// or https:// URL, a mailto: address or a path
            javascript logo            | page: { logo: 'javascript:alert(1)' }\\nmonitors: []                       | upwatch.yml:1: page.logo: must be an http:// or https:// URL or a path
            protocol-relative logo     | page: { logo: '//evil.test/x.png' }\\nmonitors: []                         | page.logo: must be an http:// or https:// URL or a path
            link without title         | page:\\n  links:\\n    - { url: '/x' }\\nmonitors: []                         | upwatch.yml:3: page.links[0].title: is required
            short rollup retention     | storage: { rollup-retention: { minute: 1h } }\\nmonitors: []            | upwatch.yml:1: storage.rollup-retention.minute: must be at least 1d1h
            bad default window         | page: { default-window: 1y }\\nmonitors: []                               | upwatch.yml:1: page.default-window: must be one of 24h, 7d, 30d, 90d
            cors origin with path      | page: { cors-origins: ['https://a.test/x'] }\\nmonitors: []               | page.cors-origins[0]: an origin is scheme://host[:port], without a path
            """)
    void badInputNamesFileLineAndKey(String name, String yaml, String expected) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(yaml.replace("\\n", "\n")));
        assertTrue(error.getMessage().contains(expected), "expected «" + expected + "» in:\n" + error.getMessage());
    }

    @Test
    void readsTheWholePageSection() {
        UpwatchConfig config = parse("""
                page:
                  title: Acme
                  logo: /static/logo.svg
                  links:
                    - { title: Docs, url: "https://docs.acme.test" }
                    - { title: Mail us, url: "mailto:ops@acme.test" }
                  footer: "© Acme"
                  default-window: 7d
                  cors-origins: ["https://Dash.Acme.test:8443", "*"]
                monitors: []
                """);
        assertEquals(Optional.of(URI.create("/static/logo.svg")), config.page().logoUrl());
        assertEquals(List.of(new PageConfig.Link("Docs", URI.create("https://docs.acme.test")),
                new PageConfig.Link("Mail us", URI.create("mailto:ops@acme.test"))), config.page().links());
        assertEquals(Optional.of("© Acme"), config.page().footer());
        assertEquals(dev.upwatch.core.model.UptimeWindow.D7, config.page().defaultWindow());
        assertEquals(List.of("https://dash.acme.test:8443", "*"), config.page().corsOrigins());
    }

    @Test
    void readsManualIncidentsAndMaintenance() {
        UpwatchConfig config = parse("""
                monitors:
                  - { id: api, name: API, type: tcp, host: h, port: 1 }
                  - { id: db, name: Database, type: tcp, host: h, port: 2 }
                incidents:
                  - id: db-upgrade
                    title: Database upgrade
                    kind: maintenance
                    services: [db]
                    starts: 2026-12-01T22:00:00Z
                    ends: 2026-12-01T23:30:00+01:00
                    updates:
                      - { at: 2026-11-25T09:00:00Z, state: identified, message: "We upgrade PostgreSQL to 17." }
                  - id: slow-api
                    title: Slow API responses
                    impact: degraded
                    services: [api, db]
                    starts: 2026-11-20T10:00:00Z
                    updates:
                      - { at: 2026-11-20T11:00:00Z, state: resolved, message: Fixed. }
                      - { at: 2026-11-20T10:05:00Z, state: investigating, message: Looking. }
                  - { id: notice, title: "Partner outage", starts: 2026-11-24T08:00:00Z }
                """);
        Incident maintenance = config.incidents().get(0);
        assertEquals(new Incident(IncidentId.of("db-upgrade"), Incident.Kind.MAINTENANCE, "Database upgrade", Status.MAINTENANCE,
                List.of(MonitorId.of("db")), Instant.parse("2026-12-01T22:00:00Z"),
                Optional.of(Instant.parse("2026-12-01T22:30:00Z")),
                List.of(new IncidentUpdate(Instant.parse("2026-11-25T09:00:00Z"), IncidentState.IDENTIFIED,
                        "We upgrade PostgreSQL to 17."))), maintenance);
        Incident slow = config.incidents().get(1);
        assertEquals(Incident.Kind.MANUAL, slow.kind());
        assertEquals(Status.DEGRADED, slow.impact());
        assertEquals(List.of(IncidentState.INVESTIGATING, IncidentState.RESOLVED),
                slow.updates().stream().map(IncidentUpdate::state).toList(), "the timeline is sorted oldest first");
        assertEquals(Optional.of(Instant.parse("2026-11-20T11:00:00Z")), slow.resolvedAt(),
                "an incident without 'ends' is resolved by its last update saying so");
        Incident notice = config.incidents().get(2);
        assertEquals(Status.DOWN, notice.impact(), "incidents default to impact down");
        assertEquals(List.of(), notice.services());
        assertEquals(Optional.empty(), notice.resolvedAt(), "active until the configuration resolves it");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("""
                monitors:
                  - { id: a, type: tcp, host: h, port: 0 }
                  - { id: b, type: tcp, host: h, port: 1, interval: soon }
                """));
        assertEquals(2, error.problems().size(), error.getMessage());
        assertEquals(2, error.problems().get(0).line());
        assertEquals(3, error.problems().get(1).line());
    }

    @Test
    void everyProblemOfOneMonitorIsReportedAtOnce() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("""
                monitors:
                  - id: a
                    type: tcp
                    host: h
                    port: 1
                    interval: soon
                    failure-threshold: 0
                    group: ""
                    conditions: ['[STATU] == 1']
                    colour: red
                    private: maybe
                """));
        assertEquals(List.of("monitors[0].interval", "monitors[0].failure-threshold", "monitors[0].group",
                "monitors[0].conditions[0]", "monitors[0].colour", "monitors[0].private"),
                error.problems().stream().map(p -> p.key()).toList(), error.getMessage());
        assertEquals(List.of(6, 7, 8, 9, 10, 11), error.problems().stream().map(p -> p.line()).toList());
    }

    @Test
    void everyProblemOfOneChannelIsReportedAtOnce() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("""
                monitors: []
                notifications:
                  - { id: 'a b', type: webhook, url: 'ftp://x.test', events: [down, sideways], remind-every: 10s,
                      flap-limit: -1, chat-id: 42, monitors: [ghost], certificate-warning: 2000d }
                """));
        assertEquals(List.of("notifications[0].id", "notifications[0].url", "notifications[0].events[1]",
                "notifications[0].remind-every", "notifications[0].chat-id", "notifications[0].certificate-warning",
                "notifications[0].monitors[0]", "notifications[0].flap-limit"),
                error.problems().stream().map(p -> p.key()).toList(), error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            longest interval         | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, interval: 200000d }          | upwatch.yml:2: monitors[0].interval: must be at most 365d, got 200000d
            overflowing interval     | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, interval: 9223372036854775807d } | upwatch.yml:2: monitors[0].interval: '9223372036854775807d' is too long a duration
            overflowing timeout      | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, timeout: 99999999999999999999s } | upwatch.yml:2: monitors[0].timeout: '99999999999999999999s' is too long a duration
            longest degraded-above   | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, degraded-above: 2d }            | upwatch.yml:2: monitors[0].degraded-above: must be at most 1d, got 2d
            huge threshold           | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, success-threshold: 9223372036854775808 } | monitors[0].success-threshold: 9223372036854775808 is out of range [1, 100]
            longest grace            | monitors:\\n  - { id: j, type: push, token: 0123456789abcdef0123456789abcdef, grace: 400d } | upwatch.yml:2: monitors[0].grace: must be at most 365d, got 400d
            condition duration       | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, conditions: ['[RESPONSE_TIME] < 9223372036854775807d'] } | monitors[0].conditions[0]: bad condition:
            longest maintenance      | monitors: []\\nmaintenance:\\n  - { title: t, start: 2026-12-01T22:00:00Z, duration: 200000d } | upwatch.yml:3: maintenance[0].duration: must be at most 365d, got 200000d
            overflowing maintenance  | monitors: []\\nmaintenance:\\n  - { title: t, cron: '0 3 * * *', duration: 9223372036854775807d } | upwatch.yml:3: maintenance[0].duration: '9223372036854775807d' is too long
            longest one-off window   | monitors: []\\nmaintenance:\\n  - { title: t, start: 2026-12-01T22:00:00Z, end: 2036-12-01T22:00:00Z } | upwatch.yml:3: maintenance[0].end: the window must be at most 365d, got 3653d
            far start                | monitors: []\\nmaintenance:\\n  - { title: t, start: '+999999999-12-31T23:59:59Z', duration: 1h } | upwatch.yml:3: maintenance[0].start: must lie between 1970-01-01 and 9999-12-31
            far incident end         | monitors: []\\nincidents:\\n  - { id: i, title: t, starts: 2026-12-01T22:00:00Z, ends: '+999999999-12-31T23:59:59Z' } | upwatch.yml:3: incidents[0].ends: must lie between 1970-01-01 and 9999-12-31
            longest retention        | storage: { raw-retention: 200000d }\\nmonitors: []                                    | upwatch.yml:1: storage.raw-retention: must be at most 36500d, got 200000d
            longest refresh          | page: { refresh: 30d }\\nmonitors: []                                                | upwatch.yml:1: page.refresh: must be at most 1d, got 30d
            longest reminder         | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', remind-every: 9223372036854775807d } | upwatch.yml:3: notifications[0].remind-every: '9223372036854775807d' is too long
            longest flap window      | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', flap-window: 200000d } | upwatch.yml:3: notifications[0].flap-window: must be at most 7d, got 200000d
            huge port                | server: { port: 99999999999999999999 }\\nmonitors: []                               | upwatch.yml:1: server.port: 99999999999999999999 is out of range [0, 65535]
            """)
    void everyNumberAndDurationHasARange(String name, String yaml, String expected) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(yaml.replace("\\n", "\n")));
        assertTrue(error.getMessage().contains(expected), "expected «" + expected + "» in:\n" + error.getMessage());
    }

    @Test
    void aNulByteIsReportedOnItsLine() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("""
                monitors:
                  - { id: a, type: tcp, host: h, port: 1 }
                  - { id: b\u0000, type: tcp, host: h, port: 2 }
                """));
        assertEquals("upwatch.yml:3: not valid YAML: the character U+0000 is not allowed", error.getMessage());
    }

    @Test
    void aRepeatedTopLevelKeyIsADuplicateNotAMissingSection() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("""
                monitors:
                  - { id: a, type: tcp, host: h, port: 1 }
                monitors:
                  - { id: b, type: tcp, host: h, port: 2 }
                """));
        assertEquals("upwatch.yml:3: monitors: duplicate key (first given on line 1)", error.getMessage());
    }

    @Test
    void aValueThatContainsItselfIsAProblemNotACrash() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("""
                monitors:
                  - id: a
                    type: http
                    url: "https://example.com/"
                    headers: &h { X-Loop: *h }
                """));
        assertEquals("upwatch.yml:5: monitors[0].headers.X-Loop: a value may not contain itself (through an alias)",
                error.getMessage());
    }

    @Test
    void aliasesExpandWithinALimit() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 6; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        ConfigException error = assertThrows(ConfigException.class, () -> parse(yaml + "monitors: []\n"));
        assertTrue(error.getMessage().startsWith("upwatch.yml:5: the document expands to more than 100000 values"),
                error.getMessage());
    }

    @Test
    void theShippedDemoConfigurationIsValid() {
        Path demo = Path.of("../docs/examples/demo.yml");
        assertTrue(Files.exists(demo), "demo config at " + demo.toAbsolutePath());
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of()).load(demo);
        assertTrue(config.monitors().size() >= 4);
        assertEquals(8080, config.server().port());
    }

    @Test
    void aMonitorMayBePrivateAndDefaultsToPublic() {
        UpwatchConfig config = parse("""
                monitors:
                  - { id: a, type: tcp, host: 127.0.0.1, port: 1, private: true }
                  - { id: b, type: tcp, host: 127.0.0.1, port: 1 }
                """);
        assertEquals(dev.upwatch.core.model.Visibility.PRIVATE, config.monitors().get(0).visibility());
        assertEquals(dev.upwatch.core.model.Visibility.PUBLIC, config.monitors().get(1).visibility());
    }

    @ParameterizedTest(name = "{1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "private: maybe                         | monitors[0].private",
            "name: NNNN                             | monitors[0].name",
            "group: GGGG                            | monitors[0].group",
            "conditions: [CCCC]                     | monitors[0].conditions",
            "conditions: [\"LLLL\"]                | monitors[0].conditions[0]",
    })
    void monitorTextsAndListsHaveLimits(String entry, String key) {
        String value = entry.replace("NNNN", "n".repeat(201)).replace("GGGG", "g".repeat(101))
                .replace("CCCC", String.join(", ", java.util.Collections.nCopies(51, "\"[CONNECTED] == true\"")))
                .replace("LLLL", "[CONNECTED] == true && " + "x".repeat(1_000));
        ConfigException error = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> parse("""
                monitors:
                  - { id: a, type: tcp, host: 127.0.0.1, port: 1, %s }
                """.formatted(value)));
        assertEquals(key, error.problems().get(0).key(), error.getMessage());
    }

    @Test
    void oneMonitorReadFromPlainValuesFollowsTheFileRules() {
        Monitor monitor = loader.readMonitor(Map.of("id", "api", "type", "http", "url", "https://example.com/h",
                "interval", "30s", "failure-threshold", 3, "private", true, "headers", Map.of("Accept", "application/json")), "request");
        assertEquals(3, monitor.failureThreshold());
        assertEquals(dev.upwatch.core.model.Visibility.PRIVATE, monitor.visibility());
        ConfigException error = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> loader.readMonitor(Map.of("id", "api", "type", "http", "url", "https://example.com/${DB_PASSWORD}"), "request"));
        assertTrue(error.getMessage().contains("DB_PASSWORD is not set"), "no environment for API definitions: " + error.getMessage());
        assertEquals(0, error.problems().get(0).line());
    }
}
