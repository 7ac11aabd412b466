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
        assertTrue(printed.contains("upwatch-health") && printed.contains("payments"), printed);
        assertTrue(printed.contains("8 monitors, 0 notification channels, OK"), printed);
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
    void pageSecretPrintsALinkAndTheDigestThatOpensIt() throws Exception {
        assertEquals(0, run("page-secret", "partners"));
        String printed = out.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("link: +/s/(upw_[A-Za-z0-9_-]{43})/").matcher(printed);
        assertTrue(link.find(), printed);
        String digest = dev.upwatch.core.model.TokenDigest.of(link.group(1)).toString();
        assertTrue(printed.contains("digest: " + digest) && printed.contains("slug: partners")
                && printed.contains("secret-link: { digest: \"" + digest + "\" }"), printed);
        assertEquals(2, run("page-secret", "Bad Slug"));
    }

    @Test
    void helpAndVersionAnswerWithExitCodeZero() throws Exception {
        for (String help : new String[] {"--help", "-h", "help"}) {
            out.reset();
            assertEquals(0, run(help), help);
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: java -jar upwatch.jar"), help);
        }
        assertEquals(0, run("token", "create", "--help"), "help anywhere on the line");
        out.reset();
        assertEquals(0, run("--version"));
        assertEquals("upwatch " + projectVersion(), out.toString(StandardCharsets.UTF_8).strip(),
                "the version the build wrote");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    /** The version in the module's POM (its parent's), e.g. 0.1.0-SNAPSHOT. */
    private static String projectVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("(?s)<parent>.*?<version>([^<]+)</version>").matcher(pom);
        assertTrue(version.find(), "a parent version in status-web/pom.xml");
        return version.group(1);
    }

    @Test
    void aMissingFileAndUnknownCommandsAreExplained(@TempDir Path dir) throws Exception {
        assertEquals(2, run("check-config", dir.resolve("nope.yml").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read file"));
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }

    @Test
    void tokensAreCreatedListedAndRevokedInTheConfiguredStorageAndTheSecretIsShownOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("upwatch.yml");
        Files.writeString(file, "storage: { data-dir: db }\nmonitors:\n  - { id: a, type: tcp, host: h, port: 1 }\n");
        assertEquals(0, run("token", "create", "--scope", "admin", "--name", "deploy", "--config", file.toString()));
        String created = out.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("upw_[A-Za-z0-9_-]{43}").matcher(created);
        assertTrue(secret.find(), created);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("Created token (\\S+) ").matcher(created);
        assertTrue(id.find(), created);
        out.reset();

        assertEquals(0, run("token", "list", "--config", file.toString()));
        String listed = out.toString(StandardCharsets.UTF_8);
        assertTrue(listed.contains(id.group(1)) && listed.contains("deploy") && listed.contains("admin")
                && listed.contains("never"), listed);
        assertTrue(!listed.contains(secret.group()) && !listed.contains(secret.group().substring(4, 20)), "no secret in: " + listed);
        out.reset();

        assertEquals(0, run("token", "revoke", id.group(1), "--config", file.toString()));
        assertEquals(1, run("token", "revoke", id.group(1), "--config", file.toString()), "already revoked");
        out.reset();
        assertEquals(0, run("token", "list", "--config", file.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("revoked"), out.toString(StandardCharsets.UTF_8));

        assertEquals(2, run("token", "create", "--scope", "root", "--config", file.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("scope must be 'read' or 'admin'"));
    }

    @Test
    void printOnlyAndPasswordHashStoreNothing() throws Exception {
        assertEquals(0, run("token", "create", "--scope", "read", "--print-only"));
        String printed = out.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("token:  (upw_\\S+)").matcher(printed);
        assertTrue(secret.find(), printed);
        assertTrue(printed.contains("digest: " + dev.upwatch.core.model.TokenDigest.of(secret.group(1))), printed);
        out.reset();
        assertEquals(0, Main.run(new String[] {"password-hash"},
                new java.io.ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        String hash = out.toString(StandardCharsets.UTF_8).trim();
        assertTrue(dev.upwatch.web.auth.PasswordHash.parse(hash).matches("s3cret".toCharArray()), hash);
        assertTrue(!dev.upwatch.web.auth.PasswordHash.parse(hash).matches("s3cret ".toCharArray()));
    }
}
