package dev.upwatch.persistence;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test's child JVM on the test class path that ends by {@link Runtime#halt} (like {@code kill -9}): the crash tests
 * of this module start their writers through it, and find the database again through the arguments it passes.
 */
final class ChildJvm {
    /** The exit status a child halts with. */
    static final int HALTED = 137;

    private ChildJvm() {
    }

    /**
     * The child's arguments for a database: an H2 directory, or a JDBC URL, user and password (see
     * {@link #database}).
     */
    static List<String> arguments(DatabaseSettings settings, Optional<Path> h2Directory) {
        return h2Directory.map(directory -> List.of(directory.toString(), "", ""))
                .orElseGet(() -> List.of(settings.jdbcUrl(), settings.username(), settings.password().orElse("")));
    }

    /** The database the first three of a child's {@code args} name (see {@link #arguments}). */
    static DatabaseSettings database(String[] args) {
        return args[0].startsWith("jdbc:")
                ? new DatabaseSettings(args[0], args[1], Optional.of(args[2]).filter(p -> !p.isEmpty()))
                : DatabaseSettings.embedded(Path.of(args[0]));
    }

    /** Runs {@code main} with {@code arguments} until it halts, and returns its output (stdout and stderr). */
    static String runUntilHalted(Class<?> main, List<String> arguments, Path log) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(arguments);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not end");
        String output = Files.readString(log);
        assertEquals(HALTED, child.exitValue(), output);
        return output;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }
}
