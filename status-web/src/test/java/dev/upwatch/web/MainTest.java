package dev.upwatch.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void checkConfigListsTheMonitorsOfAValidFile() throws Exception {
        assertEquals(0, run("check-config", "../docs/examples/demo.yml"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("upwatch-health") && printed.contains("closed-port"), printed);
        assertTrue(printed.contains("6 monitors, 0 notification channels, OK"), printed);
    }

    @Test
    void aBadFileExitsWithCodeTwoAndSaysWhereAndWhat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "monitors:\n  - { id: a, type: tcp, host: h, port: 99999 }\n");
        assertEquals(2, run("check-config", file.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(file + ":2: monitors[0].port: 99999 is out of range [1, 65535]"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run("serve", "--config", file.toString()), "nothing starts half-configured");
    }

    @Test
    void migrateCreatesTheSchemaOnceAndThenFindsItCurrent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("upwatch.yml");
        Files.writeString(file, "storage: { data-dir: db }\nmonitors:\n  - { id: a, type: tcp, host: h, port: 1 }\n");
        assertEquals(0, run("migrate", "--config", file.toString()));
        String first = out.toString(StandardCharsets.UTF_8);
        assertTrue(first.matches("(?s).*: [1-9][0-9]* migrations applied; the schema is up to date.*"), first);
        assertTrue(Files.exists(dir.resolve("db")), "the embedded database is where the configuration says");
        out.reset();
        assertEquals(0, run("migrate", "--config", file.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(": 0 migrations applied"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFileAndUnknownCommandsAreExplained(@TempDir Path dir) throws Exception {
        assertEquals(2, run("check-config", dir.resolve("nope.yml").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read file"));
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }
}
