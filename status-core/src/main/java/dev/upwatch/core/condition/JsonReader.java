package dev.upwatch.core.condition;

import dev.upwatch.core.condition.JsonValue.JsonArray;
import dev.upwatch.core.condition.JsonValue.JsonBoolean;
import dev.upwatch.core.condition.JsonValue.JsonNull;
import dev.upwatch.core.condition.JsonValue.JsonNumber;
import dev.upwatch.core.condition.JsonValue.JsonObject;
import dev.upwatch.core.condition.JsonValue.JsonString;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 reader for the response bodies that {@code [BODY].path} conditions read. Nesting is limited so
 * that a hostile body cannot exhaust the stack; anything malformed is reported as {@link MalformedJsonException}.
 */
final class JsonReader {
    /** Deepest nesting of arrays and objects accepted. */
    static final int MAX_DEPTH = 512;

    private final String text;
    private int position;
    private int depth;

    private JsonReader(String text) {
        this.text = text;
    }

    /** Reads one JSON value spanning the whole text (surrounding whitespace and a leading BOM allowed). */
    static JsonValue read(String text) throws MalformedJsonException {
        JsonReader reader = new JsonReader(text);
        if (text.startsWith("\uFEFF")) {
            reader.position = 1;
        }
        reader.skipWhitespace();
        JsonValue value = reader.value();
        reader.skipWhitespace();
        if (reader.position < text.length()) {
            throw reader.malformed("unexpected " + reader.describeCurrent() + " after the document");
        }
        return value;
    }

    private JsonValue value() throws MalformedJsonException {
        if (position >= text.length()) {
            throw malformed("unexpected end of input, expected a value");
        }
        char c = text.charAt(position);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> new JsonString(string());
            case 't' -> keyword("true", new JsonBoolean(true));
            case 'f' -> keyword("false", new JsonBoolean(false));
            case 'n' -> keyword("null", new JsonNull());
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw malformed("unexpected " + describeCurrent() + ", expected a value");
            }
        };
    }

    private JsonObject object() throws MalformedJsonException {
        enter();
        position++;
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (consume('}')) {
            depth--;
            return new JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (position >= text.length() || text.charAt(position) != '"') {
                throw malformed("expected a member name in quotes, found " + describeCurrent());
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            members.put(name, value());
            skipWhitespace();
            if (consume('}')) {
                depth--;
                return new JsonObject(members);
            }
            expect(',');
        }
    }

    private JsonArray array() throws MalformedJsonException {
        enter();
        position++;
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (consume(']')) {
            depth--;
            return new JsonArray(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value());
            skipWhitespace();
            if (consume(']')) {
                depth--;
                return new JsonArray(elements);
            }
            expect(',');
        }
    }

    private String string() throws MalformedJsonException {
        int start = position;
        position++;
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                value.append(escape());
            } else if (c < 0x20) {
                position--;
                throw malformed("unescaped control character in string");
            } else {
                value.append(c);
            }
        }
        position = start;
        throw malformed("unterminated string");
    }

    private char escape() throws MalformedJsonException {
        if (position >= text.length()) {
            throw malformed("unexpected end of input in escape sequence");
        }
        char c = text.charAt(position++);
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicodeEscape();
            default -> {
                position -= 2;
                throw malformed("invalid escape \\" + c);
            }
        };
    }

    private char unicodeEscape() throws MalformedJsonException {
        if (position + 4 > text.length()) {
            throw malformed("incomplete \\u escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(position + i), 16);
            if (digit < 0) {
                throw malformed("invalid \\u escape");
            }
            code = code * 16 + digit;
        }
        position += 4;
        return (char) code;
    }

    private JsonNumber number() throws MalformedJsonException {
        int start = position;
        consume('-');
        if (consume('0')) {
            if (position < text.length() && isDigit(text.charAt(position))) {
                throw malformed("leading zero in number");
            }
        } else {
            digits("a digit");
        }
        if (consume('.')) {
            digits("a digit after the decimal point");
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            digits("a digit in the exponent");
        }
        String literal = text.substring(start, position);
        try {
            return new JsonNumber(new BigDecimal(literal), literal);
        } catch (NumberFormatException e) {
            position = start;
            throw malformed("number out of range");
        }
    }

    private void digits(String expected) throws MalformedJsonException {
        int start = position;
        while (position < text.length() && isDigit(text.charAt(position))) {
            position++;
        }
        if (position == start) {
            throw malformed("expected " + expected + ", found " + describeCurrent());
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonValue keyword(String word, JsonValue value) throws MalformedJsonException {
        if (!text.startsWith(word, position)) {
            throw malformed("unexpected " + describeCurrent() + ", expected a value");
        }
        position += word.length();
        return value;
    }

    private void enter() throws MalformedJsonException {
        if (++depth > MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private boolean consume(char c) {
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws MalformedJsonException {
        if (!consume(c)) {
            throw malformed("expected '" + c + "', found " + describeCurrent());
        }
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private String describeCurrent() {
        if (position >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(position);
        return c < 0x20 || c == 0x7f ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    private MalformedJsonException malformed(String problem) {
        return new MalformedJsonException(problem + " at offset " + position);
    }

    /** The text is not JSON; the message says what is wrong and at which character offset. */
    static final class MalformedJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }
}
