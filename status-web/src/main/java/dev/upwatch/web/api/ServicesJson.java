package dev.upwatch.web.api;

import java.util.List;

/**
 * {@code GET /api/v1/services}: every service, in display order.
 *
 * @param services the services, as in the summary
 */
public record ServicesJson(List<ServiceJson> services) {
}
