package dev.upwatch.core.rule;

import dev.upwatch.core.model.Recurrence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written subsets pass the tables status-calendar's CompatibilityTest checks the libraries against. */
class SubsetVectorsTest {
    private static final Duration RANGE = Duration.ofDays(400);

    @ParameterizedTest
    @ValueSource(strings = {"vectors-from-tests.tsv", "vectors-from-subset.tsv"})
    void theSubsetsPassTheTables(String table) throws IOException {
        int rows = 0;
        for (String line : Files.readAllLines(Path.of("../status-calendar/src/test/resources/dev/upwatch/calendar", table))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            Recurrence recurrence = f[0].equals("rrule")
                    ? RecurrenceRule.parse(f[1], LocalDateTime.parse(f[2]), ZoneId.of(f[3]))
                    : CronSchedule.parse(f[1], ZoneId.of(f[3]));
            Instant at = Instant.parse(f[4]);
            assertEquals(instant(f[5]), recurrence.lastStartBetween(at.minus(RANGE), at), line);
            assertEquals(instant(f[6]), recurrence.firstStartAfter(at, at.plus(RANGE)), line);
            rows++;
        }
        assertEquals(table.contains("tests") ? 53 : 3200, rows);
    }

    private static Optional<Instant> instant(String text) {
        return text.equals("none") ? Optional.empty() : Optional.of(Instant.parse(text));
    }
}
