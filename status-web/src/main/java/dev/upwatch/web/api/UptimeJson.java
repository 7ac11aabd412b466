package dev.upwatch.web.api;

/**
 * {@code GET /api/v1/services/{id}/uptime}: uptime over one window, ending now.
 *
 * @param id        monitor id
 * @param window    window label, e.g. {@code 30d}
 * @param percent   uptime in percent, or null without decisive checks
 * @param successes successful checks in the window
 * @param failures  failed checks in the window
 * @param errors    checks that failed on our side (counted neither way)
 */
public record UptimeJson(String id, String window, Double percent, long successes, long failures, long errors) {
}
