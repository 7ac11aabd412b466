package dev.upwatch.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One service in the summary.
 *
 * @param id             monitor id
 * @param name           display name
 * @param group          display group
 * @param status         current status
 * @param since          when the current status began
 * @param responseTimeMs latest response time in milliseconds (microsecond precision), or null before the first check
 * @param lastCheckedAt  start of the latest check, or null
 * @param reason         why the service is not up (failing condition or probe error), null when up
 * @param uptime         uptime in percent per window ({@code 24h}, {@code 7d}, {@code 30d}, {@code 90d}); null without data
 * @param today          checks and incidents of the current UTC day (the newest day of the page's bar)
 * @param locations      in a cluster, each location's status of it by location name ({@code {"fra": "up"}}); absent
 *                       for a process alone
 * @param failingFrom    in a cluster, the locations that see it failing while too few for the quorum (the partial
 *                       state, which opens no incident), by name; absent for a process alone
 */
public record ServiceJson(String id, String name, String group, String status, Instant since, Double responseTimeMs,
                          Instant lastCheckedAt, String reason, Map<String, Double> uptime, TodayJson today,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> locations,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> failingFrom) {
}
