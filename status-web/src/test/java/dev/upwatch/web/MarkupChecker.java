package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Nu Html Checker (the W3C's validator) over saved pages, in a child JVM on the classpath the {@code markup-check}
 * module resolved: it needs its own Jetty 11 client, which cannot share a classpath with our Jetty 12.
 */
final class MarkupChecker {
    private static final Path CHECKER_CLASSPATH = Path.of("..", "markup-check", "target", "classpath.txt");

    private MarkupChecker() {
    }

    /** Every error the checker finds in {@code files}, as {@code file:line: message [extract]}. */
    static List<String> errors(List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Files.readString(CHECKER_CLASSPATH).strip(), "nu.validator.client.SimpleCommandLineValidator",
                "--format", "json", "--errors-only"));
        files.forEach(file -> command.add(file.toString()));
        Process checker = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(checker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(checker.waitFor(2, TimeUnit.MINUTES), "the checker ends");
        List<String> errors = new ArrayList<>();
        JsonNode report = new ObjectMapper().readTree(output.substring(output.indexOf('{')));
        for (JsonNode message : report.path("messages")) {
            errors.add(message.path("url").asText().replaceAll(".*/", "") + ":" + message.path("lastLine").asText() + ": "
                    + message.path("message").asText() + " [" + message.path("extract").asText() + "]");
        }
        assertEquals(0, checker.exitValue(), output);
        return errors;
    }
}
