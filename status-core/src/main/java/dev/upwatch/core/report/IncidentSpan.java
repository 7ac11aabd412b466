package dev.upwatch.core.report;

import dev.upwatch.core.model.Incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An incident as a report counts it: the incident and the part of it that lies in the reported period.
 *
 * @param incident the incident (as the visibility rule shows it)
 * @param from     its start, or the period's start when it began before
 * @param to       its end, the period's end or the report's time, whichever comes first
 */
public record IncidentSpan(Incident incident, Instant from, Instant to) {
    public IncidentSpan {
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("an incident span ends before it starts: " + from + " .. " + to);
        }
    }

    /** The part of {@code incident} inside {@code period}, counted up to {@code now} while it is unresolved. */
    static IncidentSpan of(Incident incident, ReportPeriod period, Instant now) {
        Instant start = incident.startedAt().isBefore(period.from()) ? period.from() : incident.startedAt();
        Instant end = incident.resolvedAt().orElse(now);
        end = end.isAfter(period.to()) ? period.to() : end;
        return new IncidentSpan(incident, start, end.isBefore(start) ? start : end);
    }

    /** How long it lasted within the period. */
    public Duration duration() {
        return Duration.between(from, to);
    }
}
