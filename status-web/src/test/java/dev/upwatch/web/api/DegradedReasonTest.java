package dev.upwatch.web.api;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A DEGRADED service says why in the summary and in the live events' {@code change} (issue #15: only the webhook
 * did), in the words of the webhook: {@code response time 622 ms above 300ms}.
 */
class DegradedReasonTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void theSummaryAndTheChangeEventGiveTheSlowResponseAsTheReason() {
        Monitor monitor = Monitor.builder(MonitorId.of("api"), "API", new ProbeSpec("http", ProbeSettings.empty()))
                .degradedAbove(Duration.ofMillis(300)).build();
        ServiceStatus slow = new ServiceStatus(monitor, Status.DEGRADED, NOW, Optional.of(new Sample(monitor.id(), NOW,
                Duration.ofMillis(622), Outcome.SUCCESS, Optional.empty(), List.of())), List.of(), Map.of(), List.of());
        ApiRepresentations.Today today = new ApiRepresentations.Today(LocalDate.of(2026, 12, 7), Map.of());
        StatusSnapshot snapshot = new StatusSnapshot(NOW, Status.DEGRADED, List.of(slow));

        assertEquals("response time 622 ms above 300ms", ApiRepresentations.status(snapshot, today).services().getFirst().reason());
        assertEquals("response time 622 ms above 300ms", ApiRepresentations.change(snapshot, slow, today).service().reason());
    }
}
