package dev.upwatch.web.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whether a request's {@code Accept-Encoding} takes gzip ({@link StatusSummary#acceptsGzip}), in any letter case. */
class AcceptEncodingTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(value = {
            "gzip | true",
            "GZip, deflate, br | true",
            "br;q=1.0, gzip;q=0.8 | true",
            "deflate, br | false",
            "gzi | false",
            "'' | false",
            "NULL | false"}, delimiter = '|', nullValues = "NULL")
    void gzipIsFoundInAnyCase(String header, boolean accepted) {
        assertEquals(accepted, StatusSummary.acceptsGzip(header));
    }
}
