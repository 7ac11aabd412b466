package dev.upwatch.web.admin;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A monitor as the admin API shows it.
 *
 * @param id          the monitor's id
 * @param source      {@code config} (owned by the configuration file, read-only here) or {@code api}
 * @param name        display name
 * @param group       display group
 * @param type        probe type
 * @param isPrivate   true when hidden from every public route
 * @param interval    time between checks, e.g. {@code 30s}
 * @param timeout     deadline of one check
 * @param conditions  the conditions, as written
 * @param sla         the SLA target in percent as written, e.g. {@code 99.9}; null when none is set
 * @param status      the live status, e.g. {@code up}
 * @param definition  the stored definition, for monitors of the API; null for the file's
 * @param createdAt   when it was created through the API; null for the file's
 * @param updatedAt   when it was last replaced through the API; null for the file's
 * @param paused      true while paused (not checked)
 */
public record AdminMonitorJson(String id, String source, String name, String group, String type,
                               @JsonProperty("private") boolean isPrivate, String interval, String timeout,
                               List<String> conditions, String sla, String status, Map<String, Object> definition,
                               Instant createdAt, Instant updatedAt, boolean paused) {
}
