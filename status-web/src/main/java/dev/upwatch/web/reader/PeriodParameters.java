package dev.upwatch.web.reader;

import dev.upwatch.core.report.ReportPeriod;
import dev.upwatch.core.report.ReportRangeException;
import dev.upwatch.web.api.BadRequestProblem;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The period parameters of reports and exports: {@code month} ({@code 2026-03}, a UTC calendar month), or {@code from}
 * and {@code to}, each an ISO-8601 instant ({@code 2026-03-01T00:00:00Z}) or a date ({@code 2026-03-01}, the start of
 * that UTC day); {@code to} is exclusive. A bad value is a 400 naming its parameter.
 */
public final class PeriodParameters {
    private PeriodParameters() {
    }

    /**
     * The period asked for; without any parameter, the month of {@code now}.
     *
     * @throws BadRequestProblem naming the parameter at fault
     */
    public static ReportPeriod of(String month, String from, String to, Instant now) {
        boolean hasMonth = month != null && !month.isBlank();
        boolean hasRange = (from != null && !from.isBlank()) || (to != null && !to.isBlank());
        if (hasMonth && hasRange) {
            throw new BadRequestProblem("month", "give either month or from and to, not both");
        }
        try {
            if (hasRange) {
                Instant start = instant("from", from).orElseThrow(() -> new BadRequestProblem("from",
                        "is required with to, e.g. 2026-03-01 or 2026-03-01T00:00:00Z"));
                Instant end = instant("to", to).orElseThrow(() -> new BadRequestProblem("to",
                        "is required with from, e.g. 2026-04-01 or 2026-04-01T00:00:00Z"));
                return new ReportPeriod(start, end);
            }
            return ReportPeriod.month(hasMonth ? month(month) : YearMonth.from(now.atZone(ZoneOffset.UTC)));
        } catch (ReportRangeException e) {
            throw new BadRequestProblem(e.parameter(), e.problem());
        }
    }

    /** {@code from}/{@code to}: an instant or a date; empty when not given. */
    public static Optional<Instant> instant(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        try {
            return Optional.of(trimmed.length() == 10 ? LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(trimmed));
        } catch (DateTimeParseException e) {
            throw new BadRequestProblem(parameter, "must be a date like 2026-03-01 or an instant like "
                    + "2026-03-01T00:00:00Z, got '" + text + "'");
        }
    }

    private static YearMonth month(String text) {
        try {
            YearMonth month = YearMonth.parse(text.trim());
            if (month.getYear() < 2000 || month.getYear() > 9999) {
                throw new BadRequestProblem("month", "must be a month between 2000-01 and 9999-12, got '" + text + "'");
            }
            return month;
        } catch (DateTimeParseException e) {
            throw new BadRequestProblem("month", "must be a month like 2026-03, got '" + text + "'");
        }
    }
}
