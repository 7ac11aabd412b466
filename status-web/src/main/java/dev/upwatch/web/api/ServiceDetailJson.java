package dev.upwatch.web.api;

import java.util.List;

/**
 * {@code GET /api/v1/services/{id}}: the summary fields plus the newest checks.
 *
 * @param service       the summary of the service
 * @param type          probe type, e.g. {@code http}
 * @param intervalSeconds seconds between checks
 * @param conditions    the configured conditions
 * @param recentSamples the newest checks, newest first
 */
public record ServiceDetailJson(ServiceJson service, String type, long intervalSeconds, List<String> conditions,
                                List<SampleJson> recentSamples) {
}
