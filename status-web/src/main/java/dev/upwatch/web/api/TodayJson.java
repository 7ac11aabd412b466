package dev.upwatch.web.api;

import java.time.LocalDate;
import java.util.List;

/**
 * A service's checks of the current UTC day: what the newest cell of the page's 90-day bar shows, so that the page
 * can refresh it in place. Uptime is {@code successes ÷ (successes + failures)}; none without decisive checks.
 *
 * @param date        the UTC day
 * @param successes   decisive checks that passed (degraded ones included)
 * @param failures    checks that failed
 * @param downMinutes estimated down time: failures × the check interval, in whole minutes (at least 1 with any
 *                    failure, at most a day)
 * @param incidents   titles of the service's incidents that were open on this day, oldest first
 */
public record TodayJson(LocalDate date, long successes, long failures, long downMinutes, List<String> incidents) {
}
