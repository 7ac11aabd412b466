package dev.upwatch.web;

import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command line as an operator meets it, in child JVMs: {@code token create} and {@code user add} while a server
 * holds the embedded database run in that server (through its owner-only control file), and with the server stopped on
 * the database itself; a bad password is one {@code password: ...} line; a server started under {@code nohup} (SIGHUP ignored) says at start that
 * {@code kill -HUP} cannot reload it and names the API that can; its start-up line counts the monitors added
 * through the admin API as well as the file's.
 */
class CliProcessTest {
    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private UpwatchApplication app;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (app != null) {
            app.close();
        }
    }

    @Test
    void tokenAndUserCommandsWorkBesideARunningServerAndAServerUnderNohupSaysHowToReloadAndCountsEveryMonitor() throws Exception {
        Path config = dir.resolve("upwatch.yml");
        Files.writeString(config, """
                server: { host: 127.0.0.1, port: 0 }
                storage: { data-dir: "%s" }
                monitors:
                  - { id: from-file, type: tcp, host: 127.0.0.1, port: 9, interval: 1h, timeout: 1s }
                """.formatted(dir.resolve("db").toString().replace("\\", "/")));
        app = UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of()).load(config),
                Clock.systemUTC(), UpwatchServerTest.fastEngine());
        String admin = app.tokens().create("cli-test", TokenScope.ADMIN).secret().value();
        HttpResponse<String> created = ServerRequests.withToken(app.baseUri(), admin, "POST", "api/v1/admin/monitors", """
                {"id": "from-api", "type": "tcp", "host": "127.0.0.1", "port": 9, "interval": "1h", "timeout": "1s"}""");
        assertEquals(201, created.statusCode(), created.body());

        // Beside the server that holds the embedded database, the commands run in that server (its control channel).
        Finished token = run("", "token", "create", "--scope", "read", "--config", config.toString());
        assertEquals(0, token.exitCode(), token.toString());
        assertTrue(token.stdout().getFirst().startsWith("Created token t"), token.toString());
        String secret = token.stdout().get(1);
        assertEquals(200, ServerRequests.withToken(app.baseUri(), secret, "GET", "api/v1/notifications/deliveries", null)
                .statusCode(), "the new token works at once: " + token);

        Finished added = run("a long enough passphrase\n", "user", "add", "ada", "--role", "editor", "--config",
                config.toString());
        assertEquals(new Finished(0, List.of("Added user ada (role editor)."), List.of()), added);
        assertTrue(app.accounts().authenticate("ada", "a long enough passphrase".toCharArray()).isPresent());
        Finished tooShort = run("short\n", "user", "add", "bob", "--role", "viewer", "--config", config.toString());
        assertEquals(Main.EXIT_CONFIG, tooShort.exitCode(), tooShort.toString());
        assertEquals("password: must be at least 15 characters long, got 5", tooShort.stderr().getFirst());
        Finished taken = run("another long passphrase\n", "user", "add", "ada", "--role", "viewer", "--config",
                config.toString());
        assertEquals("name: a user named ada exists already", taken.stderr().getFirst(), taken.toString());

        Path controlFile = dir.resolve("db").resolve("upwatch.control");
        assertTrue(Files.exists(controlFile));
        if (controlFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(controlFile)), "only the owner may read the control secret");
        }
        app.close();
        app = null;
        assertFalse(Files.exists(controlFile), "a stopped server removes its control file");
        Finished listed = run("", "user", "list", "--config", config.toString());
        assertEquals(0, listed.exitCode(), listed.toString());
        assertTrue(listed.stdout().get(1).matches("ada +editor .*"), "without a server, on the database: " + listed);
        Process server = start(List.of("nohup"), "serve", "--config", config.toString());
        List<String> lines = new CopyOnWriteArrayList<>();
        collect(server.getInputStream(), lines);
        collect(server.getErrorStream(), lines);
        String banner = await(server, lines, "Upwatch serving");
        assertTrue(banner.contains("(2 monitors,"), "the file's monitor and the API's: " + banner);
        String warning = await(server, lines, "SIGHUP is ignored");
        assertTrue(warning.contains("POST /api/v1/admin/reload"), warning);
    }

    /** A finished child JVM: exit code and its output lines. */
    private record Finished(int exitCode, List<String> stdout, List<String> stderr) {
    }

    /** {@code Main} with {@code args} in a child JVM, {@code input} its standard input; waits for its end. */
    private Finished run(String input, String... args) throws Exception {
        Process process = start(List.of(), args);
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        Thread outReader = collect(process.getInputStream(), out);
        Thread errReader = collect(process.getErrorStream(), err);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command did not end");
        outReader.join(10_000);
        errReader.join(10_000);
        // The JVM's own notices (Unsafe, native access) are not the command's output.
        return new Finished(process.exitValue(), out, err.stream().filter(line -> !line.startsWith("WARNING: ")).toList());
    }

    /** {@code Main} with {@code args} in a child JVM, behind the {@code prefix} command (e.g. nohup). */
    private Process start(List<String> prefix, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dguice_bytecode_gen_option=DISABLED", "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        processes.add(process);
        return process;
    }

    private static Thread collect(InputStream stream, List<String> lines) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    private static String await(Process process, List<String> lines, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (line.contains(text)) {
                    return line;
                }
            }
            assertFalse(!process.isAlive() && lines.stream().noneMatch(l -> l.contains(text)),
                    "the process ended early: " + String.join("\n", lines));
            Thread.sleep(20);
        }
        return fail("'" + text + "' not printed within 90 s:\n" + String.join("\n", lines));
    }
}
