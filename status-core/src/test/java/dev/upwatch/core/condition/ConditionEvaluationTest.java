package dev.upwatch.core.condition;

import dev.upwatch.core.model.Observation;

import dev.upwatch.core.model.Condition;

import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.ProbeOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every placeholder, operator, function and type, evaluated and rendered; the table reads like the specification. */
class ConditionEvaluationTest {

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # condition                              | check    | holds | rendered
            [STATUS] == 200                          | ok       | true  | [STATUS] (200) == 200
            [STATUS] == 200                          | slow     | false | [STATUS] (503) == 200
            [STATUS] != 200                          | slow     | true  | [STATUS] (503) != 200
            [STATUS] < 300                           | ok       | true  | [STATUS] (200) < 300
            [STATUS] <= 200                          | ok       | true  | [STATUS] (200) <= 200
            [STATUS] > 400                           | slow     | true  | [STATUS] (503) > 400
            [STATUS] >= 504                          | slow     | false | [STATUS] (503) >= 504
            [STATUS] == 200.0                        | ok       | true  | [STATUS] (200) == 200.0
            [STATUS] == 200                          | down     | false | [STATUS] (n/a) == 200
            [STATUS] != 200                          | down     | false | [STATUS] (n/a) != 200
            [STATUS]==200                            | ok       | true  | [STATUS] (200) == 200
            200 == [STATUS]                          | ok       | true  | 200 == [STATUS] (200)
            500 > [STATUS]                           | ok       | true  | 500 > [STATUS] (200)
            [STATUS] == any(200, 204)                | ok       | true  | [STATUS] (200) == any(200, 204)
            [STATUS] == any(200, 204)                | slow     | false | [STATUS] (503) == any(200, 204)
            [STATUS] != any(500, 503)                | slow     | false | [STATUS] (503) != any(500, 503)
            [STATUS] != any(500, 502)                | slow     | true  | [STATUS] (503) != any(500, 502)
            [STATUS] == pat(2*)                      | ok       | true  | [STATUS] (200) == pat(2*)
            [STATUS] != pat(5*)                      | slow     | false | [STATUS] (503) != pat(5*)
            [RESPONSE_TIME] < 500                    | ok       | true  | [RESPONSE_TIME] (120ms) < 500
            [RESPONSE_TIME] < 500                    | slow     | false | [RESPONSE_TIME] (912ms) < 500
            [RESPONSE_TIME] < 1s                     | slow     | true  | [RESPONSE_TIME] (912ms) < 1s
            [RESPONSE_TIME] <= 912ms                 | slow     | true  | [RESPONSE_TIME] (912ms) <= 912ms
            [RESPONSE_TIME] > 1m30s                  | down     | false | [RESPONSE_TIME] (3s) > 1m30s
            [RESPONSE_TIME] == 120                   | ok       | true  | [RESPONSE_TIME] (120ms) == 120
            [RESPONSE_TIME] == any(3000, 4s)         | down     | true  | [RESPONSE_TIME] (3s) == any(3000, 4s)
            [CERTIFICATE_EXPIRATION] > 48h           | ok       | true  | [CERTIFICATE_EXPIRATION] (30d) > 48h
            [CERTIFICATE_EXPIRATION] >= 720h         | ok       | true  | [CERTIFICATE_EXPIRATION] (30d) >= 720h
            [CERTIFICATE_EXPIRATION] > 48h           | slow     | false | [CERTIFICATE_EXPIRATION] (-1d) > 48h
            [CERTIFICATE_EXPIRATION] > 0             | down     | false | [CERTIFICATE_EXPIRATION] (n/a) > 0
            [CONNECTED] == true                      | ok       | true  | [CONNECTED] (true) == true
            [CONNECTED] == true                      | down     | false | [CONNECTED] (false) == true
            [CONNECTED] != true                      | down     | true  | [CONNECTED] (false) != true
            [CONNECTED] == false                     | down     | true  | [CONNECTED] (false) == false
            [CONNECTED] == any(true)                 | ok       | true  | [CONNECTED] (true) == any(true)
            [BODY] == "Service Unavailable"          | slow     | true  | [BODY] (Service Unavailable) == "Service Unavailable"
            [BODY] != "Service Unavailable"          | slow     | false | [BODY] (Service Unavailable) != "Service Unavailable"
            [BODY] == pat(*Unavailable*)             | slow     | true  | [BODY] (Service Unavailable) == pat(*Unavailable*)
            [BODY] == pat(*unavailable*)             | slow     | false | [BODY] (Service Unavailable) == pat(*unavailable*)
            [BODY] != pat(*error*)                   | slow     | true  | [BODY] (Service Unavailable) != pat(*error*)
            [BODY] == pat("Service *")               | slow     | true  | [BODY] (Service Unavailable) == pat("Service *")
            [BODY] == pat(*ok*)                      | down     | false | [BODY] (n/a) == pat(*ok*)
            [BODY] == re(Unavail)                    | slow     | true  | [BODY] (Service Unavailable) == re(Unavail)
            [BODY] == re(^Service \\w+$)              | slow     | true  | [BODY] (Service Unavailable) == re(^Service \\w+$)
            [BODY] == re(^unavailable)               | slow     | false | [BODY] (Service Unavailable) == re(^unavailable)
            [BODY] != re((?i)ERROR)                  | slow     | true  | [BODY] (Service Unavailable) != re((?i)ERROR)
            [BODY] == re((?i)SERVICE)                | slow     | true  | [BODY] (Service Unavailable) == re((?i)SERVICE)
            [BODY] == re("Service U.*")              | slow     | true  | [BODY] (Service Unavailable) == re("Service U.*")
            [BODY] == re(x)                          | down     | false | [BODY] (n/a) == re(x)
            [STATUS] == re(^5\\d\\d$)                  | slow     | true  | [STATUS] (503) == re(^5\\d\\d$)
            [BODY].status == re(^U[PX]$)             | ok       | true  | [BODY].status (UP) == re(^U[PX]$)
            [BODY] != pat(*ok*)                      | down     | false | [BODY] (n/a) != pat(*ok*)
            [BODY] == any(OK, "Service Unavailable") | slow     | true  | [BODY] (Service Unavailable) == any(OK, "Service Unavailable")
            len([BODY]) < 100                        | slow     | true  | len([BODY]) (19) < 100
            len([BODY]) == 0                         | down     | false | len([BODY]) (n/a) == 0
            [BODY].status == UP                      | ok       | true  | [BODY].status (UP) == UP
            [BODY].status == UP                      | degraded | false | [BODY].status (DOWN) == UP
            [BODY].status != UP                      | degraded | true  | [BODY].status (DOWN) != UP
            [BODY].status == "UP"                    | ok       | true  | [BODY].status (UP) == "UP"
            [BODY].status == pat(U*)                 | ok       | true  | [BODY].status (UP) == pat(U*)
            [BODY].status == any(UP, DEGRADED)       | ok       | true  | [BODY].status (UP) == any(UP, DEGRADED)
            [BODY].status == any(UP, DEGRADED)       | degraded | false | [BODY].status (DOWN) == any(UP, DEGRADED)
            [BODY].count == 42                       | ok       | true  | [BODY].count (42) == 42
            [BODY].count == 42.0                     | ok       | true  | [BODY].count (42) == 42.0
            [BODY].count == "42"                     | ok       | true  | [BODY].count (42) == "42"
            [BODY].count > 40                        | ok       | true  | [BODY].count (42) > 40
            [BODY].count < 40                        | ok       | false | [BODY].count (42) < 40
            [BODY].count == any(41, 42.0)            | ok       | true  | [BODY].count (42) == any(41, 42.0)
            [BODY].ratio <= 0.5                      | ok       | true  | [BODY].ratio (0.5) <= 0.5
            [BODY].big == 1000                       | ok       | true  | [BODY].big (1e3) == 1000
            [BODY].version == 1.10                   | ok       | true  | [BODY].version (1.10) == 1.10
            [BODY].version == 1.1                    | ok       | false | [BODY].version (1.10) == 1.1
            [BODY].version > 1                       | ok       | true  | [BODY].version (1.10) > 1
            [BODY].status > 1                        | ok       | false | [BODY].status (UP) > 1
            [BODY].healthy == true                   | ok       | true  | [BODY].healthy (true) == true
            [BODY].healthy != false                  | ok       | true  | [BODY].healthy (true) != false
            [BODY].healthy == "true"                 | ok       | true  | [BODY].healthy (true) == "true"
            [BODY].error == null                     | ok       | true  | [BODY].error (null) == null
            [BODY].items[1].name == b                | ok       | true  | [BODY].items[1].name (b) == b
            [BODY].items[0].id == 1                  | ok       | true  | [BODY].items[0].id (1) == 1
            [BODY].items[5].id == 1                  | ok       | false | [BODY].items[5].id (n/a) == 1
            [BODY].nested.deep.list[0][1] == 20      | ok       | true  | [BODY].nested.deep.list[0][1] (20) == 20
            [BODY].missing == x                      | ok       | false | [BODY].missing (n/a) == x
            [BODY].missing != x                      | ok       | false | [BODY].missing (n/a) != x
            [BODY].status.inner == x                 | ok       | false | [BODY].status.inner (n/a) == x
            [BODY].meta == {}                        | ok       | true  | [BODY].meta ({}) == {}
            [BODY].items[0] == x                     | ok       | false | [BODY].items[0] ({"id":1,"name":"a"}) == x
            [BODY].status == UP                      | broken   | false | [BODY].status (invalid JSON: unexpected 'U', expected a value at offset 11) == UP
            [BODY].status == UP                      | slow     | false | [BODY].status (invalid JSON: unexpected 'S', expected a value at offset 0) == UP
            [BODY].status == UP                      | down     | false | [BODY].status (n/a) == UP
            [BODY].status == [BODY].status           | ok       | true  | [BODY].status (UP) == [BODY].status (UP)
            [BODY].items[1].id < [STATUS]            | ok       | true  | [BODY].items[1].id (2) < [STATUS] (200)
            [STATUS] == [BODY].items[1].id           | ok       | false | [STATUS] (200) == [BODY].items[1].id (2)
            len([BODY].items) == 2                   | ok       | true  | len([BODY].items) (2) == 2
            len([BODY].meta) == 0                    | ok       | true  | len([BODY].meta) (0) == 0
            len([BODY].status) == 2                  | ok       | true  | len([BODY].status) (2) == 2
            len([BODY].text) == 8                    | ok       | true  | len([BODY].text) (8) == 8
            len([BODY].count) == 2                   | ok       | false | len([BODY].count) (no length: 42) == 2
            len([BODY].missing) == 0                 | ok       | false | len([BODY].missing) (n/a) == 0
            len([BODY].checks) > 0                   | degraded | false | len([BODY].checks) (0) > 0
            len([HEADER].content-type) > 0           | ok       | true  | len([HEADER].content-type) (16) > 0
            len( [BODY].items ) >= len([BODY].meta)  | ok       | true  | len( [BODY].items ) (2) >= len([BODY].meta) (0)
            has([BODY].items) == true                | ok       | true  | has([BODY].items) (true) == true
            has([BODY].errors) == false              | ok       | true  | has([BODY].errors) (false) == false
            has([BODY].error) == true                | ok       | true  | has([BODY].error) (true) == true
            has([BODY].items[2]) == true             | ok       | false | has([BODY].items[2]) (false) == true
            has([BODY].errors) == false              | broken   | false | has([BODY].errors) (invalid JSON: unexpected 'U', expected a value at offset 11) == false
            has([BODY].errors) == false              | down     | false | has([BODY].errors) (n/a) == false
            has([HEADER].etag) == false              | ok       | true  | has([HEADER].etag) (false) == false
            has([HEADER].CONTENT-TYPE) == true       | ok       | true  | has([HEADER].CONTENT-TYPE) (true) == true
            [HEADER].content-type == application/json | ok      | true  | [HEADER].content-type (application/json) == application/json
            [HEADER].Content-Type == pat(*/json)     | ok       | true  | [HEADER].Content-Type (application/json) == pat(*/json)
            [HEADER].x-request-id != r-2             | ok       | true  | [HEADER].x-request-id (r-1) != r-2
            [HEADER].x-missing == a                  | ok       | false | [HEADER].x-missing (n/a) == a
            [IP] == 10.0.0.7                         | ok       | true  | [IP] (10.0.0.7) == 10.0.0.7
            [IP] == pat(10.*)                        | ok       | true  | [IP] (10.0.0.7) == pat(10.*)
            [IP] == pat(2001:db8:*)                  | slow     | true  | [IP] (2001:db8::1) == pat(2001:db8:*)
            [IP] == 10.0.0.7                         | down     | false | [IP] (n/a) == 10.0.0.7
            [DNS_RCODE] == NOERROR                   | dns      | false | [DNS_RCODE] (NXDOMAIN) == NOERROR
            [DNS_RCODE] != NOERROR                   | dns      | true  | [DNS_RCODE] (NXDOMAIN) != NOERROR
            [DNS_RCODE] == any(NOERROR, NXDOMAIN)    | dns      | true  | [DNS_RCODE] (NXDOMAIN) == any(NOERROR, NXDOMAIN)
            [DNS_RCODE] == NOERROR                   | ok       | false | [DNS_RCODE] (n/a) == NOERROR
            [PACKET_LOSS] < 10%                      | ping     | false | [PACKET_LOSS] (33.33%) < 10%
            [PACKET_LOSS] < 50                       | ping     | true  | [PACKET_LOSS] (33.33%) < 50
            [PACKET_LOSS] == 0                       | lossless | true  | [PACKET_LOSS] (0%) == 0
            [PACKET_LOSS] == 0%                      | lossless | true  | [PACKET_LOSS] (0%) == 0%
            [PACKET_LOSS] <= 0.0%                    | lossless | true  | [PACKET_LOSS] (0%) <= 0.0%
            [PACKET_LOSS] < 10%                      | down     | false | [PACKET_LOSS] (n/a) < 10%
            [RESULT] == 42                           | query    | true  | [RESULT] (42) == 42
            [RESULT] == 42.0                         | query    | true  | [RESULT] (42) == 42.0
            [RESULT] > 40                            | query    | true  | [RESULT] (42) > 40
            [RESULT] < 40                            | query    | false | [RESULT] (42) < 40
            [RESULT] == PONG                         | pong     | true  | [RESULT] (PONG) == PONG
            [RESULT] == pat(PO*)                     | pong     | true  | [RESULT] (PONG) == pat(PO*)
            [RESULT] > 1                             | pong     | false | [RESULT] (PONG) > 1
            len([RESULT]) == 4                       | pong     | true  | len([RESULT]) (4) == 4
            [RESULT] == 1                            | down     | false | [RESULT] (n/a) == 1
            [GRPC_STATUS] == SERVING                 | grpc     | false | [GRPC_STATUS] (NOT_SERVING) == SERVING
            [GRPC_STATUS] != SERVING                 | grpc     | true  | [GRPC_STATUS] (NOT_SERVING) != SERVING
            [STATUS] == 0                            | grpc     | true  | [STATUS] (0) == 0
            [DOMAIN_EXPIRATION] > 720h               | domain   | false | [DOMAIN_EXPIRATION] (20d) > 720h
            [DOMAIN_EXPIRATION] > 7d                 | domain   | true  | [DOMAIN_EXPIRATION] (20d) > 7d
            [DOMAIN_EXPIRATION] > 7d                 | ok       | false | [DOMAIN_EXPIRATION] (n/a) > 7d
            [DOMAIN_EXPIRATION] > 7d                 | rdap-down | false | [DOMAIN_EXPIRATION] (could not check) > 7d
            [STATUS] == 200                          | rdap-down | true  | [STATUS] (200) == 200
            [DNSSEC] == true                         | dns      | false | [DNSSEC] (false) == true
            [DNSSEC] == false                        | dns      | true  | [DNSSEC] (false) == false
            [DNSSEC] == true                         | ok       | false | [DNSSEC] (n/a) == true
            """)
    void evaluatesAndRenders(String condition, String check, boolean holds, String rendered) {
        ConditionResult result = ConditionParser.parse(condition).evaluate(Observations.named(check));

        assertEquals(new ConditionResult(condition, rendered, holds), result);
    }

    @Test
    void quotedTextKeepsSpacesAndEscapedQuotes() {
        Condition condition = ConditionParser.parse("[BODY].text == \"caf\u00e9 \\\"q\\\"\"");

        ConditionResult result = condition.evaluate(Observations.named("ok"));

        assertEquals("[BODY].text (caf\u00e9 \"q\") == \"caf\u00e9 \\\"q\\\"\"", result.rendered());
        assertEquals(true, result.success());
    }

    @Test
    void catastrophicBacktrackingGivesUpAndFails() {
        // A back-reference turns off the JDK's loop memoization, so this pattern backtracks exponentially.
        String body = "a".repeat(28) + "!";
        Observation observation = new Observation(ProbeOutcome.builder().connected(true).body(body).build(),
                Duration.ofMillis(5), Observations.NOW);

        ConditionResult result = ConditionParser.parse("[BODY] == re(^(a*)*(b)\\2$)").evaluate(observation);

        assertEquals(false, result.success());
        assertTrue(result.rendered().endsWith("== re(^(a*)*(b)\\2$) (regular expression gave up: too much backtracking)"),
                result.rendered());
    }

    @Test
    void longValuesAreCutAndControlCharactersEscaped() {
        String body = "line one\n" + "x".repeat(100);
        Observation observation = new Observation(ProbeOutcome.builder().connected(true).body(body).build(),
                Duration.ofMillis(5), Observations.NOW);

        ConditionResult result = ConditionParser.parse("[BODY] == pat(*ok*)").evaluate(observation);

        String shown = "line one\\n" + "x".repeat(49) + "…";
        assertEquals(60, shown.length());
        assertEquals("[BODY] (" + shown + ") == pat(*ok*)", result.rendered());
    }

    @Test
    void subMillisecondAndHugeDurationsRender() {
        Observation fast = new Observation(ProbeOutcome.builder().connected(true).build(), Duration.ofNanos(300),
                Observations.NOW);

        assertEquals("[RESPONSE_TIME] (0s) < 1", ConditionParser.parse("[RESPONSE_TIME] < 1").evaluate(fast).rendered());
        assertEquals(true, ConditionParser.parse("[RESPONSE_TIME] < 1").evaluate(fast).success());
    }

    @Test
    void evaluatesConcurrentlyWithoutSharedState() {
        Condition condition = ConditionParser.parse("[BODY].status == UP");
        List<String> checks = List.of("ok", "degraded", "broken", "down");
        List<Observation> observations = checks.stream().map(Observations::named).toList();
        List<ConditionResult> expected = observations.stream().map(condition::evaluate).toList();

        List<Integer> mismatches = IntStream.range(0, 20_000).parallel()
                .filter(i -> !condition.evaluate(observations.get(i % 4)).equals(expected.get(i % 4)))
                .boxed()
                .toList();

        assertEquals(List.of(), mismatches);
    }
}
