package dev.upwatch.persistence;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
            List<String> arguments = vendor.equals("h2") ? List.of(directory.resolve("data").toString(), "", "")
                    : List.of(settings.jdbcUrl(), settings.username(), settings.password().orElse(""));
            Path log = directory.resolve("child.log");
            Process child = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                    SampleWritingChild.class.getName(), arguments.get(0), arguments.get(1), arguments.get(2), "200")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not end");
            assertEquals(SampleWritingChild.HALTED, child.exitValue(), Files.readString(log));
            Matcher written = WRITTEN.matcher(Files.readString(log));
            assertTrue(written.find(), Files.readString(log));

            long counted = Long.parseLong(written.group(1));
            long rows;
            try (Database reopened = Database.open(settings)) {
                rows = DirectJdbc.queryLong(settings, "select count(*) from sample");
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

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
