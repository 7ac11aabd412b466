package dev.upwatch.web;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** axe-core run on the page a browser shows, through the driver (the console's CSP forbids injected scripts). */
final class ConsoleAxe {
    private static final String AXE = load();

    private ConsoleAxe() {
    }

    /** The violations axe-core finds on {@code browser}'s page, each prefixed with {@code page}. */
    static List<String> run(WebDriver browser, String page) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(AXE);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) js.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "axe.run(document, { resultTypes: ['violations'] }).then(function (r) {"
                        + " done(r.violations.map(function (v) { return { id: v.id, help: v.help,"
                        + "  nodes: v.nodes.map(function (n) { return n.target.join(' '); }).slice(0, 3) }; })); });");
        return violations.stream().map(v -> page + ": " + v).toList();
    }

    private static String load() {
        try (InputStream in = Objects.requireNonNull(ConsoleAxe.class.getClassLoader().getResourceAsStream("axe.min.js"),
                "axe.min.js from com.deque.html.axe-core:selenium on the test classpath")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
