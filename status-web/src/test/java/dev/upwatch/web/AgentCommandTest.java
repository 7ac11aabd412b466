package dev.upwatch.web;

import dev.upwatch.core.model.Cidr;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.web.agent.AgentSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code upwatch agent}'s options: each mistake is one sentence naming the option; the token never shows. */
class AgentCommandTest {

    @Test
    void theTokenMayComeFromTheEnvironmentAndTheEgressPolicyFromTheFlags() {
        AgentSettings settings = AgentCommand.settings(args("--server https://status.example.com --location office"
                + " --deny-private --allow 10.1.0.0/16 --poll 10s"), Map.of("UPWATCH_AGENT_TOKEN", "upw_secret"));
        assertEquals("upw_secret", settings.token());
        assertEquals("office", settings.location().value());
        assertEquals(EgressPolicy.denyPrivate(List.of(Cidr.parse("10.1.0.0/16"))), settings.egress());
        assertEquals(java.time.Duration.ofSeconds(10), settings.poll());
        assertFalse(settings.toString().contains("upw_secret"), settings.toString());
        assertEquals(EgressPolicy.defaults(), AgentCommand.settings(args("--server https://s.example --location lab"
                + " --token upw_x"), Map.of()).egress(), "private networks are the agent's to reach by default");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --location office --token upw_x                              | --server: is required
            --server https://s.example --token upw_x                     | --location: is required
            --server https://s.example --location office                 | --token: the agent token is required
            --server s.example --location office --token upw_x           | --server: give the server's address
            --server https://s.example --location Office --token upw_x   | --location: location 'Office' must be
            --server https://s.example --location lab --token upw_x --allow 10.0.0.0/99 | --allow:
            --server https://s.example --location lab --token upw_x --poll soon         | --poll:
            --server https://s.example --location lab --token upw_x --buffer-limit-mb 1 | --buffer-limit-mb: at least 2
            --server https://s.example --location lab --token upw_x extra               | unexpected argument extra
            """)
    void aMistakeNamesTheOption(String line, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentCommand.settings(args(line), Map.of()));
        assertEquals(true, e.getMessage().startsWith(message.strip()), e.getMessage());
    }

    private static List<String> args(String line) {
        return new ArrayList<>(Arrays.asList(line.strip().split(" +")));
    }
}
