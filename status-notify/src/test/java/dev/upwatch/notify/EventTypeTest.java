package dev.upwatch.notify;

import dev.upwatch.core.model.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTypeTest {

    @ParameterizedTest(name = "{0} -> {1} raises {2}")
    @CsvSource(nullValues = "none", value = {
            "UP,          DOWN,        DOWN",
            "UNKNOWN,     DOWN,        DOWN",
            "DEGRADED,    DOWN,        DOWN",
            "MAINTENANCE, DOWN,        DOWN",
            "DOWN,        UP,          UP",
            "DEGRADED,    UP,          UP",
            "UNKNOWN,     UP,          none",
            "MAINTENANCE, UP,          none",
            "UP,          DEGRADED,    DEGRADED",
            "DOWN,        DEGRADED,    DEGRADED",
            "UNKNOWN,     DEGRADED,    DEGRADED",
            "UP,          MAINTENANCE, none",
            "DOWN,        MAINTENANCE, none",
            "DOWN,        UNKNOWN,     none",
    })
    void eventOfAChange(Status previous, Status current, EventType expected) {
        assertEquals(Optional.ofNullable(expected), EventType.of(Changes.change(previous, current, "reason")));
    }

    @ParameterizedTest
    @CsvSource({"down, DOWN", "up, UP", "degraded, DEGRADED", " Down , DOWN"})
    void configNames(String name, EventType expected) {
        assertEquals(expected, EventType.fromConfigName(name));
    }

    @Test
    void wireNames() {
        assertEquals("service.down", EventType.DOWN.wireName());
        assertEquals("service.up", EventType.UP.wireName());
        assertEquals("service.degraded", EventType.DEGRADED.wireName());
    }

    @Test
    void anUnknownNameListsTheAcceptedOnes() {
        var error = assertThrows(IllegalArgumentException.class, () -> EventType.fromConfigName("recovered"));

        assertTrue(error.getMessage().contains("'recovered'") && error.getMessage().contains("down, up, degraded, incident"),
                error.getMessage());
    }
}
