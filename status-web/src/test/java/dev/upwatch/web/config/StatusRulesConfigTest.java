package dev.upwatch.web.config;

import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.probe.ProbeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

/** The monitor keys of the status rules (retry interval, degraded-after, push) and the {@code maintenance:} section. */
class StatusRulesConfigTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String MONITORS = """
            monitors:
              - { id: api, group: Backend, type: tcp, host: h, port: 1 }
              - { id: db, group: Backend, type: tcp, host: h, port: 2 }
              - { id: web, group: Public, type: tcp, host: h, port: 3 }
            """;
    private final ConfigLoader loader = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of());

    private UpwatchConfig parse(String yaml) {
        return loader.parse(yaml, "upwatch.yml", Path.of("/etc/upwatch"));
    }

    @Test
    void monitorRuleKeysAndTheirDefaults() {
        UpwatchConfig config = parse("""
                monitors:
                  - { id: a, type: tcp, host: h, port: 1, interval: 30s, retry-interval: 5s, degraded-above: 800ms, degraded-after: 3 }
                  - { id: b, type: tcp, host: h, port: 1, interval: 30s }
                  - { id: job, type: push, token: "%s", interval: 1h, grace: 5m }
                """.formatted(TOKEN));
        Monitor a = config.monitors().get(0);
        assertEquals(Duration.ofSeconds(5), a.retryInterval());
        assertEquals(3, a.degradedAfter());
        Monitor b = config.monitors().get(1);
        assertEquals(Duration.ofSeconds(10), b.retryInterval(), "a third of the interval");
        assertEquals(1, b.degradedAfter());
        assertEquals(2, b.failureThreshold());
        Monitor job = config.monitors().get(2);
        assertEquals("push", job.probe().type());
        assertEquals(1, job.failureThreshold(), "a push monitor fails at the first overdue or down push");
        assertEquals(Optional.of(TOKEN), job.probe().settings().string("token"));
    }

    @Test
    void maintenanceWindowsOneOffRecurringAndCron() {
        UpwatchConfig config = parse(MONITORS + """
                maintenance:
                  - title: API migration
                    monitors: [api]
                    start: 2026-12-01T22:00:00Z
                    end: 2026-12-01T23:30:00Z
                  - title: Weekly vacuum
                    groups: [Backend]
                    rrule: FREQ=WEEKLY;BYDAY=SU
                    start: 2026-11-01T02:00
                    duration: 2h
                    timezone: Europe/Berlin
                  - title: Backups
                    monitors: [web]
                    groups: [Backend]
                    cron: "45 23 * * *"
                    duration: 30m
                  - title: Everything, briefly
                    start: 2026-12-24T10:00
                    duration: 15m
                    timezone: Europe/Berlin
                """);
        List<MaintenanceWindow> windows = config.maintenance();
        assertEquals(4, windows.size());
        MaintenanceWindow oneOff = windows.get(0);
        assertEquals(Set.of(MonitorId.of("api")), oneOff.monitors());
        assertEquals(Duration.ofMinutes(90), oneOff.duration());
        assertTrue(oneOff.openAt(Instant.parse("2026-12-01T22:00:00Z")).isPresent());
        MaintenanceWindow weekly = windows.get(1);
        assertEquals(Set.of(MonitorId.of("api"), MonitorId.of("db")), weekly.monitors(), "a group stands for its monitors");
        assertTrue(weekly.openAt(Instant.parse("2026-11-29T01:00:00Z")).isPresent(), "02:00 Berlin is 01:00 UTC in winter");
        assertTrue(weekly.openAt(Instant.parse("2026-11-29T03:00:00Z")).isEmpty());
        assertEquals(Set.of(MonitorId.of("api"), MonitorId.of("db"), MonitorId.of("web")), windows.get(2).monitors());
        MaintenanceWindow everything = windows.get(3);
        assertEquals(3, everything.monitors().size(), "without monitors or groups, every monitor");
        assertTrue(everything.openAt(Instant.parse("2026-12-24T09:00:00Z")).isPresent(), "a local start is in the timezone");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            retry above interval     | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, interval: 10s, retry-interval: 20s } | upwatch.yml:2: monitors[0].retry-interval: retry-interval must be between 1s and the interval (10s), got 20s
            retry below 1s           | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, retry-interval: 500ms } | upwatch.yml:2: monitors[0].retry-interval: retry-interval must be between 1s
            bad degraded-after       | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, degraded-after: 0 } | upwatch.yml:2: monitors[0].degraded-after: 0 is out of range [1, 100]
            push without token       | monitors:\\n  - { id: j, type: push }                                | upwatch.yml:2: monitors[0].token: is required
            push with a weak token   | monitors:\\n  - { id: j, type: push, token: secret }                 | upwatch.yml:2: monitors[0].token: must be 22 to 200 characters
            push with bad grace      | monitors:\\n  - { id: j, type: push, token: 0123456789abcdef0123456789abcdef, grace: soon } | upwatch.yml:2: monitors[0].grace:
            push with unknown key    | monitors:\\n  - { id: j, type: push, token: 0123456789abcdef0123456789abcdef, url: 'https://x' } | upwatch.yml:2: monitors[0].url: unknown key for a push monitor
            push token used twice    | monitors:\\n  - { id: j, type: push, token: 0123456789abcdef0123456789abcdef }\\n  - { id: k, type: push, token: 0123456789abcdef0123456789abcdef } | upwatch.yml:3: monitors[1].token: another push monitor has the same token
            maintenance not a list   | monitors: []\\nmaintenance: { title: x }                           | upwatch.yml:2: maintenance: expected a list
            without title            | monitors: []\\nmaintenance:\\n  - { start: 2026-12-01T22:00:00Z, duration: 1h } | upwatch.yml:3: maintenance[0].title: is required
            unknown key              | monitors: []\\nmaintenance:\\n  - { title: t, start: 2026-12-01T22:00:00Z, duration: 1h, colour: red } | upwatch.yml:3: maintenance[0].colour: unknown key
            unknown monitor          | monitors: []\\nmaintenance:\\n  - { title: t, monitors: [ghost], start: 2026-12-01T22:00:00Z, duration: 1h } | upwatch.yml:3: maintenance[0].monitors[0]: no monitor has the id 'ghost'
            unknown group            | monitors: []\\nmaintenance:\\n  - { title: t, groups: [Nope], start: 2026-12-01T22:00:00Z, duration: 1h } | upwatch.yml:3: maintenance[0].groups[0]: no monitor is in the group 'Nope'
            one-off without end      | monitors: []\\nmaintenance:\\n  - { title: t, start: 2026-12-01T22:00:00Z } | upwatch.yml:3: maintenance[0]: a one-off window needs 'start' and either 'end' or 'duration'
            end before start         | monitors: []\\nmaintenance:\\n  - { title: t, start: 2026-12-01T22:00:00Z, end: 2026-12-01T21:00:00Z } | upwatch.yml:3: maintenance[0].end: must be after start (2026-12-01T22:00:00Z)
            bad start                | monitors: []\\nmaintenance:\\n  - { title: t, start: tomorrow, duration: 1h } | upwatch.yml:3: maintenance[0].start: 'tomorrow' is not a date-time
            bad duration             | monitors: []\\nmaintenance:\\n  - { title: t, start: 2026-12-01T22:00:00Z, duration: 0s } | upwatch.yml:3: maintenance[0].duration: must be positive
            bad timezone             | monitors: []\\nmaintenance:\\n  - { title: t, start: 2026-12-01T22:00, duration: 1h, timezone: Mars/Olympus } | upwatch.yml:3: maintenance[0].timezone: 'Mars/Olympus' is not a time zone
            rrule and cron           | monitors: []\\nmaintenance:\\n  - { title: t, rrule: FREQ=DAILY, cron: '0 0 * * *', duration: 1h } | upwatch.yml:3: maintenance[0].cron: give either rrule or cron, not both
            rrule without duration   | monitors: []\\nmaintenance:\\n  - { title: t, rrule: FREQ=DAILY, start: 2026-12-01T02:00 } | upwatch.yml:3: maintenance[0]: a recurring window needs 'duration'
            rrule without start      | monitors: []\\nmaintenance:\\n  - { title: t, rrule: FREQ=DAILY, duration: 1h } | upwatch.yml:3: maintenance[0].start: is required
            rrule with end           | monitors: []\\nmaintenance:\\n  - { title: t, rrule: FREQ=DAILY, start: 2026-12-01T02:00, end: 2026-12-01T03:00, duration: 1h } | upwatch.yml:3: maintenance[0].end: a recurring window ends after its duration
            bad rrule                | monitors: []\\nmaintenance:\\n  - { title: t, rrule: 'FREQ=FORTNIGHTLY', start: 2026-12-01T02:00, duration: 1h } | upwatch.yml:3: maintenance[0].rrule: bad RRULE: Unknown FREQ value FORTNIGHTLY
            bad rrule part           | monitors: []\\nmaintenance:\\n  - { title: t, rrule: 'FREQ=WEEKLY;BYDAY=XY', start: 2026-12-01T02:00, duration: 1h } | upwatch.yml:3: maintenance[0].rrule: bad RRULE: BYDAY: invalid weeknum: 'XY'
            bad cron                 | monitors: []\\nmaintenance:\\n  - { title: t, cron: '0 25 * * *', duration: 1h } | upwatch.yml:3: maintenance[0].cron: bad cron expression: hour: Value 25 not in range [0, 23]
            cron with start          | monitors: []\\nmaintenance:\\n  - { title: t, cron: '0 2 * * *', start: 2026-12-01T02:00, duration: 1h } | upwatch.yml:3: maintenance[0].start: a cron window takes no start
            """)
    void badRulesAreReportedWithFileLineAndKey(String name, String yaml, String expected) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(yaml.replace("\\n", "\n")));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}
