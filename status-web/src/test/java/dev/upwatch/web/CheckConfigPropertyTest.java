package dev.upwatch.web;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random damage to valid configuration files — the examples in docs/examples and a file using every section — run
 * through the real {@code check-config} entry point in this process: the answer is always either "valid" (exit 0) or
 * exit 2 with one {@code file:line: ...} line per problem, each with a real line (≥ 1), and never a stack trace or an
 * exception. The damage is drawn from a seeded {@link Random}: a failure names the seed of its case, and
 * {@code -Dupwatch.damage.seed=N} replays the run that started from {@code N}.
 */
class CheckConfigPropertyTest {
    /** Values that have broken readers before: out-of-range numbers and durations, wrong shapes, YAML oddities. */
    private static final List<String> NASTY = List.of("9223372036854775807d", "200000d", "99999999999999999999s",
            "106751991167301d", "9223372036854775807", "99999999999999999999", "2147483648", "-1", "0", "65536",
            "0s", "1ms", "365d", "366d", "36501d", "1d1h", "-5s", "5", "1e9", "1.5", "0x10", ".inf", ".nan", "soon", "",
            "~", "null", "[]", "{}", "[a, b]", "{a: 1}", "[[[[[]]]]]", "true", "yes", "\"\"", "' '", "${NOPE}",
            "${NOPE:-1s}", "&a x", "*a", "*nope", "!!binary eA==", "!!int x", "\"\\u0000\"", "\"a\\nb\"", "\"\\e[31m\"",
            "x".repeat(5_000), "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "2026-13-45T99:99",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "FREQ=DAILY;COUNT=2147483647", "FREQ=DAILY;INTERVAL=0",
            "* * * * *", "0 0 31 2 *", "http://", "https://x.test/", "smtp://", "javascript:alert(1)",
            "[STATUS] == 99999999999999999999", "[RESPONSE_TIME] < 9223372036854775807d", "len([BODY]) > -1",
            "Mars/Olympus", "UTC", "a@b", "ü€😀", "@", "`", "%", "|", ">", "- x", "? x", ": x", "#");
    private static final List<String> KEYS = List.of("id", "name", "type", "url", "interval", "timeout",
            "retry-interval", "degraded-above", "failure-threshold", "port", "grace", "token", "duration", "start",
            "end", "rrule", "cron", "remind-every", "flap-window", "flap-limit", "certificate-warning", "refresh",
            "raw-retention", "minute", "events", "monitors", "groups", "conditions", "headers", "max-body", "starts",
            "ends", "secret", "bot-token", "to", "timezone", "monitors", "maintenance", "server", "storage");
    private static final Pattern PROBLEM_LINE = Pattern.compile("(.+\\.yml):(\\d+): .+");
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)^\\s+at [\\w.$]+\\(|Exception in thread|^[\\w.$]+(Exception|Error)(: |$)|Caused by: ");
    private static final List<String> SEEDS = seeds();
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "check-config-property");
        thread.setDaemon(true);
        return thread;
    });
    private static final Path DIRECTORY = directory();
    /** Damaged files tried per run. */
    private static final int CASES = 1_000;
    private static final String SEED_PROPERTY = "upwatch.damage.seed";
    /** Short strings made of the characters that matter to YAML and to our readers. */
    private static final String ODD_CHARACTERS = ":-[]{}#&*!|>'\"%@`,?~\t\0\r\n\\ü0123456789smhd.abc";

    /** A change to configuration text; {@code at} and {@code other} in [0, 1) pick positions. */
    record Mutation(Kind kind, double at, double other, String value) {
        enum Kind { REPLACE_VALUE, REPLACE_NUMBER, INSERT_KEY, DELETE_LINE, DUPLICATE_LINE, SWAP_LINES, INDENT, DEDENT,
            INSERT_TEXT, DELETE_TEXT, TRUNCATE, REPEAT_SECTION }

        String apply(String text) {
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            int line = (int) (at * lines.size());
            int offset = (int) (at * text.length());
            return switch (kind) {
                case REPLACE_VALUE -> replaceNth(text, Pattern.compile("(?<=: )[^\\n,{}\\[\\]]+"), value);
                case REPLACE_NUMBER -> replaceNth(text, Pattern.compile("\\d+"), value.replaceAll("[^0-9-]", "") + "9");
                case INSERT_KEY -> {
                    String indent = lines.get(line).replaceAll("^(\\s*(- )?).*", "$1").replace("- ", "  ");
                    lines.add(line + 1, indent + KEYS.get((int) (other * KEYS.size())) + ": " + value);
                    yield String.join("\n", lines);
                }
                case DELETE_LINE -> {
                    lines.remove(line);
                    yield String.join("\n", lines);
                }
                case DUPLICATE_LINE -> {
                    lines.add(line, lines.get(line));
                    yield String.join("\n", lines);
                }
                case SWAP_LINES -> {
                    int second = (int) (other * lines.size());
                    String first = lines.get(line);
                    lines.set(line, lines.get(second));
                    lines.set(second, first);
                    yield String.join("\n", lines);
                }
                case INDENT -> {
                    lines.set(line, "  " + lines.get(line));
                    yield String.join("\n", lines);
                }
                case DEDENT -> {
                    lines.set(line, lines.get(line).replaceFirst("^ {1,2}", ""));
                    yield String.join("\n", lines);
                }
                case INSERT_TEXT -> text.substring(0, offset) + value + text.substring(offset);
                case DELETE_TEXT -> text.substring(0, offset)
                        + text.substring(Math.min(text.length(), offset + 1 + (int) (other * 20)));
                case TRUNCATE -> text.substring(0, offset);
                case REPEAT_SECTION -> {
                    List<String> sections = sections(text);
                    yield text + "\n" + sections.get((int) (other * sections.size()));
                }
            };
        }

        /** {@code text} with the match of {@code pattern} picked by {@code other} replaced by {@code replacement}. */
        private String replaceNth(String text, Pattern pattern, String replacement) {
            List<int[]> matches = new ArrayList<>();
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                matches.add(new int[]{matcher.start(), matcher.end()});
            }
            if (matches.isEmpty()) {
                return text;
            }
            int[] match = matches.get((int) (other * matches.size()));
            return text.substring(0, match[0]) + replacement + text.substring(match[1]);
        }

        /** The top-level sections of {@code text}, each with its lines. */
        private static List<String> sections(String text) {
            List<String> sections = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.isEmpty() && !line.startsWith(" ") && !line.startsWith("#")) {
                    sections.add(line);
                } else if (!sections.isEmpty()) {
                    sections.set(sections.size() - 1, sections.getLast() + "\n" + line);
                }
            }
            return sections.isEmpty() ? List.of(text) : sections;
        }
    }

    @Test
    void everySeedIsValidAsItIs() throws Exception {
        for (String seed : SEEDS) {
            Answer answer = checkConfig(seed);
            assertEquals(0, answer.code(), answer.out() + answer.err());
        }
    }

    @Test
    void theReportedFilesAreExit2NamingLineAndKey() throws Exception {
        String monitor = "monitors:\n  - { id: a, type: tcp, host: 127.0.0.1, port: 1, interval: %s }\n";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(monitor.formatted("9223372036854775807d"), ":2: monitors[0].interval: '9223372036854775807d' is too long");
        cases.put(monitor.formatted("200000d"), ":2: monitors[0].interval: must be at most 365d, got 200000d");
        cases.put("monitors: []\nmaintenance:\n  - { title: t, start: 2026-12-01T22:00:00Z, duration: 9223372036854775807d }\n",
                ":3: maintenance[0].duration: '9223372036854775807d' is too long");
        cases.put("monitors: []\nmaintenance:\n  - { title: t, cron: '0 3 * * *', duration: 200000d }\n",
                ":3: maintenance[0].duration: must be at most 365d, got 200000d");
        cases.put("monitors:\n  - { id: a, type: tcp, host: h, port: 1 }\n  - { id: b\u0000, type: tcp }\n",
                ":3: not valid YAML: the character U+0000 is not allowed");
        cases.put("monitors: []\npage: { title: A }\nmonitors: []\n", ":3: monitors: duplicate key (first given on line 1)");
        for (var entry : cases.entrySet()) {
            Answer answer = checkConfig(entry.getKey());
            assertEquals(2, answer.code(), answer.out() + answer.err());
            assertEquals(List.of("Invalid configuration:", DIRECTORY.resolve("upwatch.yml") + entry.getValue()),
                    answer.err().lines().map(line -> line.replaceFirst("(?<=is too long).*", "")).toList());
        }
    }

    @Test
    void checkConfigAnswersValidOrExit2WithFileAndLine() throws Exception {
        long runSeed = Long.getLong(SEED_PROPERTY, new Random().nextLong());
        Random seeds = new Random(runSeed);
        int valid = 0;
        for (int i = 0; i < CASES; i++) {
            long caseSeed = seeds.nextLong();
            String text = damagedFile(new Random(caseSeed));
            String context = "case " + i + " of the run from -D" + SEED_PROPERTY + "=" + runSeed + ", file:\n" + text + "\n";
            Answer answer = checkConfig(text);
            assertFalse(STACK_TRACE.matcher(answer.out() + answer.err()).find(), context + "a stack trace:\n" + answer.err());
            if (answer.code() == 0) {
                // The summary line; refusals by the egress policy are warnings, named on it and on lines of their own.
                assertTrue(answer.out().strip().lines().toList().getLast().matches(".*: \\d+ monitors, \\d+ notification channels, OK( \\(.*\\))?"),
                        context + answer.out());
                valid++;
                continue;
            }
            assertEquals(2, answer.code(), context + answer.out() + answer.err());
            List<String> lines = answer.err().lines().toList();
            assertEquals("Invalid configuration:", lines.getFirst(), context + answer.err());
            assertTrue(lines.size() > 1, context + answer.err());
            for (String line : lines.subList(1, lines.size())) {
                Matcher problem = PROBLEM_LINE.matcher(line);
                assertTrue(problem.matches(), context + "not file:line: problem: «" + line + "» of\n" + answer.err());
                assertTrue(Integer.parseInt(problem.group(2)) >= 1, context + "a real line: " + line);
            }
        }
        // Both answers must be exercised, or the damage is too weak (or too strong) to test anything.
        assertTrue(valid > 0 && valid < CASES, valid + " of " + CASES + " damaged files were valid");
    }

    /** A seed file with one to three random mutations. */
    private static String damagedFile(Random random) {
        String text = SEEDS.get(random.nextInt(SEEDS.size()));
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            Mutation.Kind[] kinds = Mutation.Kind.values();
            String value = random.nextBoolean() ? NASTY.get(random.nextInt(NASTY.size())) : oddString(random);
            text = new Mutation(kinds[random.nextInt(kinds.length)], random.nextDouble(), random.nextDouble(), value)
                    .apply(text);
        }
        return text;
    }

    private static String oddString(Random random) {
        StringBuilder text = new StringBuilder();
        for (int length = random.nextInt(9); length > 0; length--) {
            text.append(ODD_CHARACTERS.charAt(random.nextInt(ODD_CHARACTERS.length())));
        }
        return text.toString();
    }

    /** What {@code check-config} printed and answered for {@code text} as a file. */
    record Answer(int code, String out, String err) {
    }

    private static Answer checkConfig(String text) throws Exception {
        Path file = DIRECTORY.resolve("upwatch.yml");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // On a thread of its own with a deadline: a file that makes the reader loop fails here instead of hanging.
        Future<Integer> code = RUNNER.submit(() -> Main.run(new String[]{"check-config", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Answer(code.get(30, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> seeds() {
        try (Stream<Path> examples = Files.list(Path.of("../docs/examples"))) {
            List<String> seeds = new ArrayList<>();
            for (Path example : examples.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                // The test's environment sets no database password: give the example's variable a default.
                seeds.add(Files.readString(example).replace("${UPWATCH_DB_PASSWORD}", "${UPWATCH_DB_PASSWORD:-secret}"));
            }
            seeds.add(new String(CheckConfigPropertyTest.class.getResourceAsStream("/config/every-section.yml")
                    .readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(seeds.size() >= 3, "the examples and the full seed: " + seeds.size());
            return List.copyOf(seeds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directory() {
        try {
            Path directory = Files.createTempDirectory("check-config-property");
            directory.toFile().deleteOnExit();
            directory.resolve("upwatch.yml").toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
