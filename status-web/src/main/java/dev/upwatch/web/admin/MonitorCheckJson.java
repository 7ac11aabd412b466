package dev.upwatch.web.admin;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.upwatch.core.model.Sample;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to "Check now" ({@code POST /api/v1/admin/monitors/check}).
 *
 * @param outcome        {@code SUCCESS}, {@code FAILURE}, {@code ERROR} or {@code BLOCKED}
 * @param responseTimeMs the response time, in milliseconds
 * @param error          what went wrong, null when nothing did
 * @param phasesMs       each timing phase in the probe's order, in milliseconds
 * @param conditions     each condition as configured and resolved, and whether it held
 */
@JsonPropertyOrder({"outcome", "responseTimeMs", "error", "phasesMs", "conditions"})
public record MonitorCheckJson(String outcome, double responseTimeMs, String error, Map<String, Double> phasesMs,
                               List<Condition> conditions) {

    /** One condition's result. */
    @JsonPropertyOrder({"condition", "rendered", "success"})
    public record Condition(String condition, String rendered, boolean success) {
    }

    static MonitorCheckJson of(Sample sample) {
        Map<String, Double> phases = new LinkedHashMap<>();
        sample.phases().forEach((name, duration) -> phases.put(name, millis(duration)));
        return new MonitorCheckJson(sample.outcome().name(), millis(sample.responseTime()), sample.error().orElse(null),
                phases, sample.conditionResults().stream()
                .map(r -> new Condition(r.expression(), r.rendered(), r.success())).toList());
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
