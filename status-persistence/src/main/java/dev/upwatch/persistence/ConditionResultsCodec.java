package dev.upwatch.persistence;

import dev.upwatch.core.model.ConditionResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs a sample's condition results into one text column and back, exactly.
 *
 * <p>Each result is written as {@code <flag><n>:<expression><m>:<rendered>}: the flag is {@code +} when the condition
 * held and {@code -} when it did not, {@code n} and {@code m} are the decimal lengths in UTF-16 units of the text
 * that follows. Results are concatenated with nothing between them; no results is the empty string. Because every
 * text is length-prefixed, any character may appear in it (quotes, colons, digits, '+', '-', line breaks, emoji).
 * Example: {@code +15:[STATUS] == 20021:[STATUS] (200) == 200}.
 */
final class ConditionResultsCodec {
    private static final char HELD = '+';
    private static final char FAILED = '-';

    private ConditionResultsCodec() {
    }

    /** The stored form of {@code results}; NUL characters become U+FFFD (PostgreSQL cannot store NUL). */
    static String encode(List<ConditionResult> results) {
        if (results.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (ConditionResult result : results) {
            out.append(result.success() ? HELD : FAILED);
            appendText(out, StoredText.storable(result.expression()));
            appendText(out, StoredText.storable(result.rendered()));
        }
        return out.toString();
    }

    /**
     * The results {@code stored} was encoded from.
     *
     * @throws IllegalStateException when {@code stored} is not in the format above (a corrupt row)
     */
    static List<ConditionResult> decode(String stored) {
        List<ConditionResult> results = new ArrayList<>();
        Cursor cursor = new Cursor(stored);
        while (!cursor.atEnd()) {
            char flag = cursor.next();
            if (flag != HELD && flag != FAILED) {
                throw cursor.corrupt("expected '+' or '-' but found '" + flag + "'");
            }
            String expression = cursor.text();
            String rendered = cursor.text();
            results.add(new ConditionResult(expression, rendered, flag == HELD));
        }
        return List.copyOf(results);
    }

    private static void appendText(StringBuilder out, String text) {
        out.append(text.length()).append(':').append(text);
    }

    /** Reads the stored form left to right. */
    private static final class Cursor {
        private final String stored;
        private int position;

        Cursor(String stored) {
            this.stored = stored;
        }

        boolean atEnd() {
            return position >= stored.length();
        }

        char next() {
            if (atEnd()) {
                throw corrupt("unexpected end");
            }
            return stored.charAt(position++);
        }

        /** A length prefix, its colon, and that many characters. */
        String text() {
            int start = position;
            long length = 0;
            while (!atEnd() && stored.charAt(position) >= '0' && stored.charAt(position) <= '9') {
                length = length * 10 + (stored.charAt(position++) - '0');
                if (length > stored.length()) {
                    throw corrupt("length runs past the end");
                }
            }
            if (position == start) {
                throw corrupt("expected a length");
            }
            if (next() != ':') {
                position--;
                throw corrupt("expected ':' after the length");
            }
            if (position + length > stored.length()) {
                throw corrupt("text of length " + length + " runs past the end");
            }
            String text = stored.substring(position, position + (int) length);
            position += (int) length;
            return text;
        }

        IllegalStateException corrupt(String problem) {
            return new IllegalStateException("corrupt condition_results at offset " + position + ": " + problem);
        }
    }
}
