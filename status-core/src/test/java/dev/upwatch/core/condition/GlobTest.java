package dev.upwatch.core.condition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The {@code *} glob of {@code pat()}. */
class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # pattern  | text              | matches
            *          | ''                | true
            *          | anything          | true
            **         | x                 | true
            ok         | ok                | true
            ok         | OK                | false
            ok         | ok!               | false
            *ok*       | all ok here       | true
            *ok*       | all good          | false
            a*c        | abc               | true
            a*c        | ac                | true
            a*c        | abcd              | false
            a*b*c      | aXXbYYc           | true
            a*b*c      | aXXcYYb           | false
            *a         | banana            | true
            *.json     | a.json.bak        | false
            2*         | 200               | true
            2*         | 503               | false
            ?          | x                 | false
            """)
    void matches(String pattern, String text, boolean matches) {
        assertEquals(matches, new Match.Glob("pat(" + pattern + ")", pattern).matches(text));
    }

    @Test
    void manyStarsOnALongMismatchStayFast() {
        Match.Glob glob = new Match.Glob("pat(...)", "*a*a*a*a*a*a*a*a*b");

        assertFalse(glob.matches("a".repeat(20_000)));
    }
}
