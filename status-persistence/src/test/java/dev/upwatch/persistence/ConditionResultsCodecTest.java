package dev.upwatch.persistence;

import dev.upwatch.core.model.ConditionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The text form of condition results: exact round trips, a documented layout, and loud failure on corruption. */
class ConditionResultsCodecTest {

    @Test
    void writesTheDocumentedLayout() {
        assertEquals("+15:[STATUS] == 20021:[STATUS] (200) == 200-0:0:",
                ConditionResultsCodec.encode(List.of(
                        new ConditionResult("[STATUS] == 200", "[STATUS] (200) == 200", true),
                        new ConditionResult("", "", false))));
        assertEquals("", ConditionResultsCodec.encode(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "12:", "+3:abc", "-", ":::", "\"quoted\" 'single'", "a;b,c|d\\e",
            "line\nbreak\r\ttab", "Zoë ✓ 日本語", "🚀 emoji 👩‍💻", "0", "99999999999999999999:"})
    void roundTripsAnyText(String text) {
        List<ConditionResult> results = List.of(
                new ConditionResult(text, text + text, true),
                new ConditionResult(text, "", false),
                new ConditionResult("", text, true));

        assertEquals(results, ConditionResultsCodec.decode(ConditionResultsCodec.encode(results)));
    }

    @Test
    void storesNulAsReplacementCharacter() {
        List<ConditionResult> decoded = ConditionResultsCodec.decode(ConditionResultsCodec.encode(
                List.of(new ConditionResult("a\0", "\0b", false))));

        assertEquals(List.of(new ConditionResult("a\uFFFD", "\uFFFDb", false)), decoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "+", "+3", "+3:ab", "+1:a", "+1:a1", "+1:a1:", "+1:a2:b", "+:a0:", "+1a0:",
            "+1:a0:-", "+99999999999999999999:a"})
    void rejectsCorruptText(String stored) {
        assertThrows(IllegalStateException.class, () -> ConditionResultsCodec.decode(stored));
    }
}
