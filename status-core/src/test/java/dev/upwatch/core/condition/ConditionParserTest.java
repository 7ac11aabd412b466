package dev.upwatch.core.condition;

import dev.upwatch.core.model.Condition;

import dev.upwatch.core.model.Placeholder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the parser accepts, which placeholders it reports, and how it rejects bad conditions. */
class ConditionParserTest {

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource(delimiter = '|', textBlock = """
            [STATUS] == 200                            | STATUS
            200 == [STATUS]                            | STATUS
            [RESPONSE_TIME] < 500                      | RESPONSE_TIME
            [BODY] == pat(*ok*)                        | BODY
            [BODY].items[0].id == 1                    | BODY
            len([BODY].items) > 0                      | BODY
            has([HEADER].etag) == true                 | HEADER
            [HEADER].content-type == text/html         | HEADER
            [CONNECTED] == true                        | CONNECTED
            [CERTIFICATE_EXPIRATION] > 48h             | CERTIFICATE_EXPIRATION
            [IP] == any(10.0.0.1, 10.0.0.2)            | IP
            [DNS_RCODE] == NOERROR                     | DNS_RCODE
            [DNSSEC] == true                           | DNSSEC
            [BODY].code == [STATUS]                    | STATUS BODY
            [RESPONSE_TIME] < [CERTIFICATE_EXPIRATION] | RESPONSE_TIME CERTIFICATE_EXPIRATION
            """)
    void reportsThePlaceholdersRead(String text, String placeholders) {
        Set<Placeholder> expected = Arrays.stream(placeholders.split(" "))
                .map(Placeholder::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Placeholder.class)));

        Condition condition = ConditionParser.parse(text);

        assertEquals(expected, condition.placeholders());
        assertEquals(text, condition.expression());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            '  [STATUS]   ==   200  '
            [STATUS]<300
            [STATUS]>=200
            [BODY].status==UP
            [BODY].data[0][1].name == x
            [BODY][0] == 1
            [BODY].a-b_c.d == -1.5
            [BODY].count != -3
            [RESPONSE_TIME] < -1
            [BODY] == "a \\"quoted\\" \\\\ text"
            [BODY] == pat(*(nested)*)
            [BODY] == pat("*)*")
            [BODY] == a,b
            [HEADER].x-custom_header.v2 == 1
            [STATUS] == any( 200 ,204,  205 )
            has([BODY].errors) != true
            len([HEADER].etag) <= 64
            [CERTIFICATE_EXPIRATION] > 7d
            [RESPONSE_TIME] <= 1h1m1s1ms
            [PACKET_LOSS] < 10%
            [PACKET_LOSS] <= 2.5%
            [PACKET_LOSS] == 0
            [PACKET_LOSS] == any(0, 50%)
            [RESULT] == 1
            [RESULT] > 0
            [RESULT] == PONG
            [RESULT] == pat(*ok*)
            len([RESULT]) > 0
            [GRPC_STATUS] == SERVING
            [GRPC_STATUS] != any(NOT_SERVING, UNKNOWN)
            [DOMAIN_EXPIRATION] > 30d
            """)
    void accepts(String text) {
        Condition condition = ConditionParser.parse(text);

        assertEquals(text, condition.expression());
    }

    @ParameterizedTest(name = "{0} -> {2} at {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # condition                              | position | error
            ''                                       | 0  | empty condition
            '   '                                    | 3  | empty condition
            [STATU] == 200                           | 0  | unknown placeholder [STATU]
            [status] == 200                          | 0  | did you mean [STATUS]?
            [] == 200                                | 0  | unknown placeholder []
            [STATUS == 200                           | 0  | unclosed [
            [STA TUS] == 200                         | 4  | unexpected ' ' in a placeholder name
            [STATUS] == 200]                         | 15 | unbalanced ]
            [STATUS] == 200)                         | 15 | unbalanced )
            ) == 200                                 | 0  | unbalanced )
            len([BODY] == 3                          | 11 | expected ) to close ( at position 3
            len([BODY]                               | 3  | unclosed (
            len([BODY] [STATUS]) > 1                 | 11 | expected ) to close ( at position 3
            [BODY] == pat(*ok*                       | 13 | unclosed (
            [STATUS] == any(200, 204                 | 15 | unclosed (
            [BODY] == "abc                           | 10 | unclosed quote
            [BODY] == abc"                           | 13 | unclosed quote
            [BODY] == "abc\\"                        | 10 | unclosed quote
            [STATUS] 200                             | 9  | missing operator before '200'
            [STATUS]                                 | 8  | missing operator
            [STATUS] = 200                           | 9  | unknown operator =
            [STATUS] => 200                          | 9  | unknown operator =>
            [STATUS] <> 200                          | 9  | unknown operator <>
            [STATUS] === 200                         | 9  | unknown operator ===
            [STATUS] ! 200                           | 9  | unknown operator !
            == 200                                   | 0  | empty left side
            [STATUS] ==                              | 11 | empty right side
            [STATUS] == (200)                        | 12 | unexpected '('
            [STATUS] == 200 300                      | 16 | unexpected '300' after the condition
            [BODY].status == all good                | 21 | unexpected 'good' after the condition
            [STATUS] == 200 && [BODY] == ok          | 16 | unexpected '&&' after the condition
            [STATUS] == foo(1)                       | 12 | unknown function foo()
            [STATUS] == LEN([BODY])                  | 12 | did you mean len()?
            [CONNECTED] < true                       | 12 | operator < cannot order [CONNECTED], which is a boolean
            has([BODY].x) >= true                    | 14 | operator >= cannot order has([BODY].x), which is a boolean
            [BODY] > 5                               | 7  | operator > cannot order [BODY], which is text
            [HEADER].age >= 1                        | 13 | operator >= cannot order [HEADER].age, which is text
            [IP] < [DNS_RCODE]                       | 5  | operator < cannot order [IP], which is text
            [BODY].count > abc                       | 15 | operator > compares [BODY].count as a number, but abc is not a number
            [BODY].count > "5"                       | 15 | but "5" is not a number
            [BODY].healthy < true                    | 17 | but true is not a number
            [CONNECTED] == 1                         | 15 | cannot compare [CONNECTED], a boolean, with the number 1
            has([BODY].x) == 0                       | 17 | cannot compare has([BODY].x), a boolean, with the number 0
            [CONNECTED] == yes                       | 15 | [CONNECTED] is a boolean, but yes is not
            [CONNECTED] == "true"                    | 15 | [CONNECTED] is a boolean, but "true" is quoted text
            [STATUS] == OK                           | 12 | [STATUS] is a number, but OK is not
            [STATUS] == "200"                        | 12 | [STATUS] is a number, but "200" is quoted text
            [STATUS] == 2e2                          | 12 | [STATUS] is a number, but 2e2 is not
            len([BODY]) > many                       | 14 | len([BODY]) is a number, but many is not
            [RESPONSE_TIME] < fast                   | 18 | [RESPONSE_TIME] is a duration, but fast is not
            [RESPONSE_TIME] < 1.5                    | 18 | [RESPONSE_TIME] is a duration, but 1.5 is not
            [RESPONSE_TIME] < true                   | 18 | [RESPONSE_TIME] is a duration, but true is not
            [RESPONSE_TIME] < 99999999999999999999   | 18 | [RESPONSE_TIME] is a duration
            [RESPONSE_TIME] < 999999999999999d       | 18 | [RESPONSE_TIME] is a duration
            [CERTIFICATE_EXPIRATION] > 2w            | 27 | [CERTIFICATE_EXPIRATION] is a duration, but 2w is not
            [RESPONSE_TIME] == any(1s, soon)         | 27 | [RESPONSE_TIME] is a duration, but soon is not
            pat(*ok*) == [BODY]                      | 0  | pat() is only allowed on the right side
            any(200) == [STATUS]                     | 0  | any() is only allowed on the right side
            ok == pat(*ok*)                          | 0  | pat() needs a placeholder on the left
            200 == any(200)                          | 0  | any() needs a placeholder on the left
            [BODY] > pat(*ok*)                       | 7  | pat() works only with == or !=, not >
            [STATUS] >= any(200, 204)                | 9  | any() works only with == or !=, not >=
            [STATUS] == any()                        | 16 | any() needs at least one value
            [STATUS] == any(200,)                    | 20 | empty value in any()
            [STATUS] == any(,200)                    | 16 | empty value in any()
            [STATUS] == any(200 204)                 | 20 | expected , or ) in any()
            [STATUS] == any(200, [STATUS])           | 21 | any() takes values such as 200 or UP
            [STATUS] == any(200, len(x))             | 21 | any() takes values, not functions
            [STATUS] == any(200, abc)                | 21 | [STATUS] is a number, but abc is not
            [BODY] == pat()                          | 14 | pat() needs a pattern
            [BODY] == re()                           | 13 | re() needs a regular expression
            [BODY] == re(a[)                         | 13 | invalid regular expression: Unclosed character class near index 1
            [CONNECTED] == re(t)                     | 15 | re() matches text, but [CONNECTED] is a boolean
            re(x) == [BODY]                          | 0  | re() is only allowed on the right side
            [BODY] < re(x)                           | 7  | re() works only with == or !=, not <
            [BODY] == pat("")                        | 14 | pat() needs a pattern
            [CONNECTED] == pat(t*)                   | 15 | pat() matches text, but [CONNECTED] is a boolean
            [RESPONSE_TIME] == pat(1*)               | 19 | pat() matches text, but [RESPONSE_TIME] is a duration
            200 == 200                               | 0  | both sides are literals
            UP == "UP"                               | 0  | both sides are literals
            [STATUS] == [BODY]                       | 12 | cannot compare [STATUS] (a number) with [BODY] (text)
            [RESPONSE_TIME] < [STATUS]               | 18 | cannot compare [RESPONSE_TIME] (a duration) with [STATUS] (a number)
            [RESPONSE_TIME] == [BODY].x              | 19 | cannot compare [RESPONSE_TIME] (a duration) with [BODY].x (a JSON value)
            [CONNECTED] == [IP]                      | 15 | cannot compare [CONNECTED] (a boolean) with [IP] (text)
            [STATUS].code == 200                     | 8  | [STATUS] takes no path
            [IP][0] == 1                             | 4  | [IP] takes no path
            [BODY]. == 1                             | 7  | empty name in a JSON path
            [BODY]..a == 1                           | 7  | empty name in a JSON path
            [BODY].items[x] == 1                     | 13 | expected an array index such as [0]
            [BODY].items[-1] == 1                    | 13 | expected an array index such as [0]
            [BODY].items[0 == 1                      | 14 | expected ] to close [ at position 12
            [BODY].items[                            | 12 | unclosed [
            [BODY].items[12345678901] == 1           | 13 | array index too large
            [HEADER] == x                            | 8  | [HEADER] needs a header name
            [HEADER]. == x                           | 9  | [HEADER] needs a header name
            len([STATUS]) > 1                        | 4  | len() measures text or a JSON value, but [STATUS] is a number
            len([CONNECTED]) > 1                     | 4  | len() measures text or a JSON value, but [CONNECTED] is a boolean
            len(200) > 1                             | 4  | len() takes a placeholder
            len() > 1                                | 4  | len() takes a placeholder
            has([STATUS]) == true                    | 4  | has() takes a JSON path or a header, not [STATUS]
            has([BODY]) == true                      | 4  | has() takes a JSON path or a header, not [BODY]
            [PACKET_LOSS] < many                     | 16 | [PACKET_LOSS] is a percentage, but many is not
            [PACKET_LOSS] < 10ms                     | 16 | write a percentage such as 10% (or 10)
            [PACKET_LOSS] < "10%"                    | 16 | [PACKET_LOSS] is a percentage, but "10%" is quoted text
            [PACKET_LOSS] < %                        | 16 | [PACKET_LOSS] is a percentage, but % is not
            [PACKET_LOSS] == [STATUS]                | 17 | cannot compare [PACKET_LOSS] (a percentage) with [STATUS] (a number)
            [RESULT] > abc                           | 11 | operator > compares [RESULT] as a number, but abc is not a number
            [RESULT] == [RESPONSE_TIME]              | 12 | cannot compare [RESULT] (a query result) with [RESPONSE_TIME] (a duration)
            [GRPC_STATUS] > 1                        | 14 | operator > cannot order [GRPC_STATUS], which is text
            [DOMAIN_EXPIRATION] > soon               | 22 | [DOMAIN_EXPIRATION] is a duration, but soon is not
            [RESULT].a == 1                          | 8  | [RESULT] takes no path
            """)
    void rejects(String text, int position, String error) {
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> ConditionParser.parse(text));

        assertTrue(e.getMessage().contains(error), () -> "message was: " + e.getMessage());
        assertEquals(position, e.position(), () -> "message was: " + e.getMessage());
        assertEquals(text, e.text());
        assertTrue(e.getMessage().contains(" at position " + position + " in \"" + text + "\""), e::getMessage);
    }

    @Test
    void unknownPlaceholderMessageListsTheKnownOnes() {
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class,
                () -> ConditionParser.parse("[STATU] == 200"));

        assertEquals("unknown placeholder [STATU] at position 0 in \"[STATU] == 200\"; known: [STATUS], "
                + "[RESPONSE_TIME], [BODY], [HEADER], [CONNECTED], [CERTIFICATE_EXPIRATION], [IP], [DNS_RCODE], "
                + "[PACKET_LOSS], [RESULT], [GRPC_STATUS], [DOMAIN_EXPIRATION], [DNSSEC]; "
                + "did you mean [STATUS]?", e.getMessage());
        assertEquals("unknown placeholder [STATU]", e.reason());
    }

    @Test
    void isAnIllegalArgumentException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConditionParser.parse("[STATUS] ="));

        assertTrue(e instanceof ConditionSyntaxException);
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> ConditionParser.parse(null));
    }
}
