package dev.upwatch.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/status}: the whole page's state.
 *
 * @param status    overall status, worst of all services ({@code up}, {@code degraded}, {@code down}, ...)
 * @param headline  overall state as a key: {@code operational}, {@code degraded}, {@code partial-outage}, ...
 * @param summary   the headline in words, e.g. {@code Partial outage}
 * @param updatedAt start of the newest check
 * @param services  every service in display order
 * @param maintenance maintenance windows open now or within the next 7 days, by start; omitted where not computed
 *                  (the live event stream)
 */
public record StatusJson(String status, String headline, String summary, Instant updatedAt, List<ServiceJson> services,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<MaintenanceJson> maintenance) {
}
