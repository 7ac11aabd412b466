package dev.upwatch.core.condition;

import dev.upwatch.core.condition.JsonReader.MalformedJsonException;
import dev.upwatch.core.condition.JsonValue.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON reader behind {@code [BODY].path}: what it reads and how it reports malformed input. */
class JsonReaderTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # document                                   | compact form
            '{}'                                         | '{}'
            '[]'                                         | '[]'
            ' { "a" : [ 1 , 2.5 , -3e2 , true , false , null ] } ' | '{"a":[1,2.5,-3e2,true,false,null]}'
            '{"a":{"b":{"c":[[],{}]}}}'                  | '{"a":{"b":{"c":[[],{}]}}}'
            '"plain"'                                    | '"plain"'
            '"tab\\tnewline\\nquote\\"slash\\/back\\\\"' | '"tab\\tnewline\\nquote\\"slash/back\\\\"'
            '"\\u0041\\u00e9\\ud83d\\ude00"'             | '"Aé😀"'
            '"\\b\\f"'                                   | '"\\u0008\\u000c"'
            '-0'                                         | '-0'
            '0.125E+2'                                   | '0.125E+2'
            '{"a":1,"a":2}'                              | '{"a":2}'
            '\uFEFF[1]'                                  | '[1]'
            """)
    void reads(String document, String compact) throws MalformedJsonException {
        assertEquals(compact, JsonReader.read(document).toJson());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # document         | error
            ''                 | unexpected end of input, expected a value at offset 0
            '   '              | unexpected end of input, expected a value at offset 3
            '{'                | expected a member name in quotes, found end of input at offset 1
            '{"a"}'            | expected ':', found '}' at offset 4
            '{"a":1,}'         | expected a member name in quotes, found '}' at offset 7
            '{1:2}'            | expected a member name in quotes, found '1' at offset 1
            '[1,]'             | unexpected ']', expected a value at offset 3
            '[1 2]'            | expected ',', found '2' at offset 3
            '[1'               | expected ',', found end of input at offset 2
            '01'               | leading zero in number at offset 1
            '1.'               | expected a digit after the decimal point, found end of input at offset 2
            '1e'               | expected a digit in the exponent, found end of input at offset 2
            '-'                | expected a digit, found end of input at offset 1
            '+1'               | unexpected '+', expected a value at offset 0
            '1e99999999999'    | number out of range at offset 0
            '"abc'             | unterminated string at offset 0
            '"\\x"'            | invalid escape \\x at offset 1
            '"\\u12xy"'        | invalid \\u escape at offset 3
            '"\\u1'            | incomplete \\u escape at offset 3
            'tru'              | unexpected 't', expected a value at offset 0
            'nul'              | unexpected 'n', expected a value at offset 0
            'true false'       | unexpected 'f' after the document at offset 5
            '{"a":1} x'        | unexpected 'x' after the document at offset 8
            """)
    void rejects(String document, String error) {
        MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> JsonReader.read(document));

        assertEquals(error, e.getMessage());
    }

    @Test
    void rejectsUnescapedControlCharacters() {
        MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> JsonReader.read("\"a\nb\""));

        assertEquals("unescaped control character in string at offset 2", e.getMessage());
    }

    @Test
    void keepsDecodedStrings() throws MalformedJsonException {
        assertEquals(new JsonString("café \"q\""), JsonReader.read("\"caf\\u00e9 \\\"q\\\"\""));
    }

    @Test
    void limitsNesting() {
        String nested = "{\"a\":".repeat(JsonReader.MAX_DEPTH + 1) + "1" + "}".repeat(JsonReader.MAX_DEPTH + 1);

        MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> JsonReader.read(nested));

        assertTrue(e.getMessage().startsWith("nested deeper than 512 levels"), e.getMessage());
    }
}
