package dev.upwatch.calendar;

import dev.upwatch.core.Upwatch;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.RecurrenceParser;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.UpwatchEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the recurring-maintenance example of docs/embedding.md, and keeps the document in step with it. */
class EmbeddingRecurrencesTest {

    // --- example start ---
    static UpwatchEngine watchWithMaintenance(Monitor db) {
        RecurrenceParser recurrences = Recurrences.parser();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        MaintenanceWindow vacuum = new MaintenanceWindow("Weekly vacuum", Set.of(db.id()),
                recurrences.rrule("FREQ=WEEKLY;BYDAY=SU", LocalDateTime.parse("2026-11-01T02:00"), berlin),
                Duration.ofHours(2));
        MaintenanceWindow backups = new MaintenanceWindow("Backups", Set.of(db.id()),
                recurrences.cron("45 23 * * *", berlin), Duration.ofMinutes(30));
        return Upwatch.builder().monitor(db).maintenance(vacuum).maintenance(backups).start();
    }
    // --- example end ---

    @Test
    void theEngineHonoursTheWindows() {
        Monitor db = Monitor.builder(MonitorId.of("db"), "Database", new ProbeSpec("push",
                ProbeSettings.of(Map.of("token", "0123456789abcdef0123456789abcdef")))).build();
        try (UpwatchEngine upwatch = watchWithMaintenance(db)) {
            assertEquals(Set.of("Weekly vacuum"), upwatch.maintenance()
                    .currentAndUpcoming(Instant.parse("2026-11-28T23:30:00Z"), Duration.ofHours(2)).stream()
                    .map(open -> open.window().title()).collect(Collectors.toSet()), "Sunday 02:00 Berlin is 01:00 UTC");
            assertEquals("Backups", upwatch.maintenance().openFor(MonitorId.of("db"),
                    Instant.parse("2026-11-28T22:50:00Z")).orElseThrow().window().title(), "23:45 Berlin is 22:45 UTC");
        }
    }

    @Test
    void theDocumentShowsExactlyThisExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/upwatch/calendar/EmbeddingRecurrencesTest.java"));
        String example = source.substring(source.indexOf("// --- example start ---\n") + 25,
                source.indexOf("    // --- example end ---"));
        String unindented = example.lines().map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(Collectors.joining("\n")).strip();
        assertTrue(Files.readString(Path.of("../docs/embedding.md")).contains(unindented),
                "docs/embedding.md shows the example of this test verbatim");
    }
}
