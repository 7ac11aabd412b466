package dev.upwatch.core.condition;

import dev.upwatch.core.model.Observation;

import dev.upwatch.core.model.Condition;

import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.ProbeOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds the parser 100,000 random and mutated conditions: each either parses or fails with a
 * {@link ConditionSyntaxException} that points inside the text, and whatever parses evaluates without throwing.
 */
class ConditionFuzzTest {
    private static final long SEED = 20_250_601L;
    private static final int RANDOM_INPUTS = 40_000;
    private static final int MUTATED_INPUTS = 60_000;
    private static final int MUTATED_BODIES = 20_000;

    private static final List<String> VALID = List.of(
            "[STATUS] == 200", "[STATUS] < 300", "[STATUS] == any(200, 204)", "[STATUS] == pat(2*)", "[BODY] == re(^ok.*$)",
            "[RESPONSE_TIME] < 500", "[RESPONSE_TIME] <= 1m30s", "[CERTIFICATE_EXPIRATION] > 48h",
            "[CONNECTED] == true", "[BODY] == pat(*ok*)", "[BODY] != \"a \\\"b\\\"\"", "[BODY].status == UP",
            "[BODY].items[0].id >= 1", "[BODY].nested.deep.list[0][1] == 20", "[BODY].healthy == true",
            "[BODY].error == null", "len([BODY].items) == 2", "len([BODY]) < 100", "has([BODY].errors) == false",
            "has([HEADER].etag) == true", "[HEADER].content-type == pat(application/*)", "[IP] == 10.0.0.7",
            "[DNS_RCODE] == any(NOERROR, NXDOMAIN)", "200 == [STATUS]", "[BODY].count > [STATUS]",
            "[BODY].version == 1.10", "[BODY].status == any(UP, \"DEGRADED\")", "[BODY] == pat(\"*)*\")",
            "[PACKET_LOSS] < 10%", "[RESULT] > 0", "[GRPC_STATUS] == SERVING", "[DOMAIN_EXPIRATION] > 30d");

    private static final List<String> FRAGMENTS = List.of(
            "[STATUS]", "[RESPONSE_TIME]", "[BODY]", "[HEADER]", "[CONNECTED]", "[CERTIFICATE_EXPIRATION]", "[IP]",
            "[DNS_RCODE]", "[PACKET_LOSS]", "[RESULT]", "[GRPC_STATUS]", "[DOMAIN_EXPIRATION]", "%", "10%", ".", ".a", "[0]", "[", "]", "(", ")", "\"", "\\", "==", "!=", "<", "<=", ">", ">=", "=", "!",
            "len(", "has(", "pat(", "re(", "any(", ",", " ", " ", "  ", "*", "0", "200", "-1", "1.5", "500ms", "48h", "1m30s",
            "true", "false", "null", "UP", "x", "\t", "\n", "é", "\uD83D\uDE00", "\uD800", "\u0000", "99999999999999999999");

    private static final List<Observation> OBSERVATIONS = List.of(
            Observations.named("ok"), Observations.named("slow"), Observations.named("down"),
            Observations.named("dns"), Observations.named("broken"), Observations.named("degraded"));

    private final Random random = new Random(SEED);
    private final List<String> failures = new ArrayList<>();
    private int parsed;

    @Test
    void parserEitherReturnsAConditionOrThrowsASyntaxError() {
        for (int i = 0; i < RANDOM_INPUTS; i++) {
            check(randomText());
        }
        for (int i = 0; i < MUTATED_INPUTS; i++) {
            check(mutate(VALID.get(random.nextInt(VALID.size()))));
        }

        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
        assertTrue(parsed > 3_000, "too few inputs parsed to exercise evaluation: " + parsed);
    }

    @Test
    void evaluationNeverThrowsOnMutatedBodies() {
        List<Condition> conditions = VALID.stream().map(ConditionParser::parse).toList();
        List<String> thrown = new ArrayList<>();
        for (int i = 0; i < MUTATED_BODIES; i++) {
            String body = mutate(Observations.JSON_BODY);
            Observation observation = new Observation(ProbeOutcome.builder().connected(true).statusCode(200)
                    .body(body).build(), Duration.ofMillis(random.nextInt(2_000)), Observations.NOW);
            for (Condition condition : conditions) {
                try {
                    condition.evaluate(observation);
                } catch (RuntimeException | StackOverflowError e) {
                    thrown.add(condition.expression() + " on " + body + ": " + e);
                }
            }
        }

        assertEquals(List.of(), thrown.subList(0, Math.min(10, thrown.size())));
    }

    @Test
    void deeplyNestedBodiesFailWithAReason() {
        String body = "[".repeat(100_000) + "]".repeat(100_000);
        Observation observation = new Observation(ProbeOutcome.builder().connected(true).body(body).build(),
                Duration.ofMillis(1), Observations.NOW);

        ConditionResult result = ConditionParser.parse("[BODY][0] == 1").evaluate(observation);

        assertEquals("[BODY][0] (invalid JSON: nested deeper than 512 levels at offset 512) == 1", result.rendered());
    }

    private void check(String text) {
        Condition condition;
        try {
            condition = ConditionParser.parse(text);
        } catch (ConditionSyntaxException e) {
            if (e.position() < 0 || e.position() > text.length() || !e.text().equals(text)
                    || !e.getMessage().contains(" at position " + e.position() + " in \"")) {
                failures.add(describe(text) + " -> bad syntax error: " + e.getMessage());
            }
            return;
        } catch (RuntimeException | StackOverflowError e) {
            failures.add(describe(text) + " -> " + e);
            return;
        }
        parsed++;
        if (!condition.expression().equals(text)) {
            failures.add(describe(text) + " -> expression " + condition.expression());
        }
        condition.placeholders();
        for (Observation observation : OBSERVATIONS) {
            try {
                ConditionResult result = condition.evaluate(observation);
                if (!result.expression().equals(text) || result.rendered().isEmpty()) {
                    failures.add(describe(text) + " -> result " + result);
                }
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(describe(text) + " evaluated -> " + e);
            }
        }
    }

    private String randomText() {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(12);
        for (int i = 0; i < parts; i++) {
            text.append(random.nextInt(4) == 0 ? String.valueOf((char) random.nextInt(0x10000))
                    : FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        }
        return text.toString();
    }

    private String mutate(String valid) {
        StringBuilder text = new StringBuilder(valid);
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(7)) {
                case 0 -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
                case 1 -> text.insert(at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
                case 2 -> text.insert(at, (char) (32 + random.nextInt(95)));
                case 3 -> {
                    if (at < text.length()) {
                        text.setCharAt(at, (char) random.nextInt(0x10000));
                    }
                }
                case 4 -> {
                    if (at + 1 < text.length()) {
                        char c = text.charAt(at);
                        text.setCharAt(at, text.charAt(at + 1));
                        text.setCharAt(at + 1, c);
                    }
                }
                case 5 -> text.setLength(at);
                default -> {
                    int end = Math.min(text.length(), at + random.nextInt(8));
                    text.insert(at, text.substring(at, end));
                }
            }
        }
        return text.toString();
    }

    private static String describe(String text) {
        StringBuilder escaped = new StringBuilder("\"");
        text.chars().forEach(c -> escaped.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return escaped.append('"').toString();
    }
}
