package dev.upwatch.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One check.
 *
 * @param startedAt      when it started
 * @param responseTimeMs response time in milliseconds (fractional, microsecond precision)
 * @param outcome        {@code success}, {@code failure} or {@code error}
 * @param error          probe error text, or null
 * @param conditions     each condition's verdict
 * @param phases         the probe's timing phases in milliseconds (fractional, microsecond precision), in the order
 *                       measured ({@code dns}, {@code connect}, {@code tls}, {@code firstByte}, {@code transfer} for
 *                       HTTP); empty when the probe reported none
 * @param location       in a cluster, the location that took the check; left out otherwise (and for packed days)
 */
public record SampleJson(Instant startedAt, double responseTimeMs, String outcome, String error,
                         List<ConditionJson> conditions, Map<String, Double> phases,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String location) {

    /**
     * One condition's verdict.
     *
     * @param condition as configured
     * @param result    rendered with resolved values
     * @param success   whether it held
     */
    public record ConditionJson(String condition, String result, boolean success) {
    }
}
