package dev.upwatch.web.admin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How channel URLs and secrets are masked in admin answers and restored from a masked PUT. */
class ChannelMaskTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://hooks.slack.com/services/T000/B000/XXXX        | https://hooks.slack.com/••••••
            https://discord.com/api/webhooks/1/token               | https://discord.com/••••••
            https://hooks.example.com/x?token=abc                  | https://hooks.example.com/••••••
            https://ntfy.sh/upwatch-alerts                         | https://ntfy.sh/••••••
            https://user:pass@hooks.example.com/                   | https://hooks.example.com/••••••
            http://127.0.0.1:8080/hook                             | http://127.0.0.1:8080/••••••
            https://api.telegram.org                               | https://api.telegram.org
            https://api.telegram.org/                              | https://api.telegram.org/
            smtp://mail.example.com:587                            | smtp://mail.example.com:587
            not a url at all                                       | ••••••
            """)
    void urlsShowOnlyTheirOrigin(String url, String shown) {
        assertEquals(shown, ChannelMask.url(url));
    }

    @Test
    void aDefinitionSentBackMaskedKeepsTheStoredUrlAndSecrets() {
        Map<String, Object> stored = Map.of("id", "ops", "type", "webhook", "url", "https://hooks.example.com/a/b",
                "secret", List.of("whsec_new", "whsec_old"), "events", List.of("down"));
        Map<String, Object> shown = ChannelMask.masked(stored);
        assertEquals("https://hooks.example.com/••••••", shown.get("url"));
        assertEquals(List.of("••••••", "••••••"), shown.get("secret"));
        assertEquals(stored, ChannelMask.restored(shown, stored));
    }

    @Test
    void aMaskedUrlOfAnotherHostIsRefusedNamingTheField() {
        Map<String, Object> stored = Map.of("url", "https://hooks.example.com/a");
        InvalidRequest refused = assertThrows(InvalidRequest.class,
                () -> ChannelMask.restored(Map.of("url", "https://other.example.com/••••••"), stored));
        assertEquals(List.of("url"), refused.problems().stream().map(FieldProblem::field).toList());
    }
}
