package dev.upwatch.persistence;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Written means durable: a child JVM writes samples through the engine's buffer at 60 samples/s and is killed
 * ({@link Runtime#halt}) mid-run; every sample it had counted as written is in the database afterwards, and no more.
 * H2 held commits in memory for up to its write delay (500 ms), so about that many samples were lost before.
 */
class SampleDurabilityTest {
    private static final Pattern WRITTEN = Pattern.compile("WRITTEN (\\d+)");

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void samplesCountedAsWrittenAreTheRowsAfterAKill(String vendor) throws Exception {
        DatabaseSettings settings = vendor.equals("h2") ? DatabaseSettings.embedded(directory.resolve("data"))
                : PostgresServer.get().createDatabase();
        try {
            List<String> arguments = new java.util.ArrayList<>(ChildJvm.arguments(settings,
                    vendor.equals("h2") ? java.util.Optional.of(directory.resolve("data")) : java.util.Optional.empty()));
            arguments.add("200");
            String output = ChildJvm.runUntilHalted(SampleWritingChild.class, arguments, directory.resolve("child.log"));
            Matcher written = WRITTEN.matcher(output);
            assertTrue(written.find(), output);

            long counted = Long.parseLong(written.group(1));
            long rows;
            try (Database reopened = Database.open(settings)) {
                rows = DirectJdbc.storedSamples(settings);
            }
            System.out.printf("SampleDurabilityTest %s: %d samples counted as written, %d rows after the kill%n",
                    vendor, counted, rows);
            assertTrue(counted > 0, "the child wrote before it died");
            assertEquals(counted, rows, "every sample counted as written survived, and none was counted early");
        } finally {
            if (!vendor.equals("h2")) {
                PostgresServer.get().dropDatabase(settings);
            }
        }
    }
}
