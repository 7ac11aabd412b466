package dev.upwatch.core.rule;

import dev.upwatch.core.model.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeadlineTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "UP UP UP,                OPERATIONAL",
            "'',                      OPERATIONAL",
            "UP DEGRADED UP,          DEGRADED",
            "UP DOWN UP UP,           PARTIAL_OUTAGE",
            "UP DOWN,                 MAJOR_OUTAGE",
            "DOWN DOWN UP,            MAJOR_OUTAGE",
            "DOWN DEGRADED UP UP UP,  PARTIAL_OUTAGE",
            "UP UNKNOWN,              CHECKING",
            "UP MAINTENANCE,          MAINTENANCE",
            "MAINTENANCE DEGRADED,    DEGRADED",
    })
    void headlineFollowsTheServices(String statuses, Headline expected) {
        List<Status> list = statuses.isBlank() ? List.of()
                : Arrays.stream(statuses.trim().split("\\s+")).map(Status::valueOf).toList();
        assertEquals(expected, Headline.of(list));
    }
}
