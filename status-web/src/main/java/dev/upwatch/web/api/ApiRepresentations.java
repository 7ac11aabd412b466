package dev.upwatch.web.api;

import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.rule.MaintenanceCalendar;

import dev.upwatch.core.model.Condition;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.rule.Headline;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.rule.UptimeCalculator;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ResponseTimes;
import dev.upwatch.core.model.SeriesBucket;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Builds the API's wire types from domain objects; the only place that knows both. */
final class ApiRepresentations {
    private ApiRepresentations() {
    }

    /**
     * The current UTC day and the titles of each service's incidents on it: what {@link #service} needs besides the
     * service's own status.
     */
    record Today(LocalDate date, Map<MonitorId, List<String>> incidents) {
        Today {
            Objects.requireNonNull(date, "date");
            incidents = Map.copyOf(incidents);
        }
    }

    static StatusJson status(StatusSnapshot snapshot, Today today) {
        return status(snapshot, null, today);
    }

    /** The summary with the given maintenance windows ({@code null}: not computed, the field is left out). */
    static StatusJson status(StatusSnapshot snapshot, List<MaintenanceJson> maintenance, Today today) {
        return status(snapshot, maintenance, today, true);
    }

    /**
     * The summary, with its services or with an empty list in their place ({@link StatusDocument} serializes each
     * service on its own).
     */
    static StatusJson status(StatusSnapshot snapshot, List<MaintenanceJson> maintenance, Today today,
                             boolean withServices) {
        Headline headline = Headline.of(snapshot.services().stream().map(ServiceStatus::status).toList());
        return new StatusJson(snapshot.overall().wireName(), headline.wireName(), headline.text(), snapshot.updatedAt(),
                withServices ? snapshot.services().stream().map(s -> service(s, today)).toList() : List.of(),
                maintenance);
    }

    /** The windows open at {@code now} or opening within {@link MaintenanceCalendar#ANNOUNCE_AHEAD}. */
    static List<MaintenanceJson> maintenance(MaintenanceQuery calendar, java.time.Instant now) {
        return calendar.currentAndUpcoming(now, MaintenanceCalendar.ANNOUNCE_AHEAD).stream()
                .map(open -> new MaintenanceJson(open.window().title(),
                        open.window().monitors().stream().map(id -> id.value()).sorted().toList(), open.start(),
                        open.end(), open.isOpenAt(now), open.window().starts().text()))
                .toList();
    }

    static ChangeJson change(StatusSnapshot snapshot, ServiceStatus changed, Today today) {
        Headline headline = Headline.of(snapshot.services().stream().map(ServiceStatus::status).toList());
        return new ChangeJson(snapshot.overall().wireName(), headline.wireName(), headline.text(), snapshot.updatedAt(),
                service(changed, today));
    }

    static ServiceJson service(ServiceStatus service, Today today) {
        Map<String, Double> uptime = new LinkedHashMap<>();
        for (UptimeWindow window : UptimeWindow.values()) {
            OptionalDouble percent = service.uptime(window);
            uptime.put(window.label(), percent.isPresent() ? round(percent.getAsDouble()) : null);
        }
        return new ServiceJson(service.monitor().id().value(), service.monitor().name(), service.monitor().group(),
                service.status().wireName(), service.since(),
                service.lastSample().map(s -> s.responseTime().toNanos() / 1_000 / 1_000.0).orElse(null),
                service.lastSample().map(Sample::startedAt).orElse(null),
                service.reason().orElse(null),
                uptime, today(service, today), locations(service),
                service.locations().isEmpty() ? null : service.failingFrom().stream().map(Location::value).toList());
    }

    /** Each location's status by name, in name order; null for a process alone (the key is then left out). */
    private static Map<String, String> locations(ServiceStatus service) {
        if (service.locations().isEmpty()) {
            return null;
        }
        Map<String, String> byName = new LinkedHashMap<>();
        service.locations().forEach((location, status) -> byName.put(location.value(), status.status().wireName()));
        return byName;
    }

    /** The service's checks on {@code today.date()} from its daily counts, as the page's newest bar cell shows them. */
    private static TodayJson today(ServiceStatus service, Today today) {
        CheckCounts counts = service.dailyCounts().stream().filter(d -> d.day().equals(today.date()))
                .map(DailyCounts::counts).findFirst().orElse(CheckCounts.NONE);
        return new TodayJson(today.date(), counts.successes(), counts.failures(),
                UptimeCalculator.downMinutes(counts.failures(), service.monitor().interval()),
                today.incidents().getOrDefault(service.monitor().id(), List.of()));
    }

    static ServiceDetailJson detail(ServiceStatus service, List<Sample> recent, Today today) {
        return new ServiceDetailJson(service(service, today), service.monitor().probe().type(),
                service.monitor().interval().toSeconds(),
                service.monitor().conditions().stream().map(Condition::expression).toList(),
                recent.stream().map(ApiRepresentations::sample).toList());
    }

    static SampleJson sample(Sample sample) {
        return new SampleJson(sample.startedAt(), sample.responseTime().toNanos() / 1_000 / 1_000.0,
                sample.outcome().wireName(), sample.error().orElse(null),
                sample.conditionResults().stream()
                        .map(r -> new SampleJson.ConditionJson(r.expression(), r.rendered(), r.success())).toList(),
                phasesMillis(sample.phases()), sample.location().map(Location::value).orElse(null));
    }

    /** Each phase in milliseconds to the microsecond, in the sample's order. */
    private static Map<String, Double> phasesMillis(Map<String, Duration> phases) {
        Map<String, Double> millis = new LinkedHashMap<>();
        phases.forEach((name, duration) -> millis.put(name, duration.toNanos() / 1_000 / 1_000.0));
        return millis;
    }

    static SeriesJson series(MonitorId id, Instant from, Instant to, Duration resolution, List<SeriesBucket> buckets) {
        return new SeriesJson(id.value(), from, to, resolution.toSeconds(), buckets.stream().map(b -> {
            Optional<ResponseTimes> times = b.responseTimes();
            return new SeriesJson.BucketJson(b.start(), b.checks(), b.failures(),
                    times.map(t -> millis(t.min())).orElse(null), times.map(t -> millis(t.max())).orElse(null),
                    times.map(t -> millis(t.p50())).orElse(null), times.map(t -> millis(t.p95())).orElse(null),
                    times.map(t -> millis(t.p99())).orElse(null));
        }).toList());
    }

    static UptimeJson uptime(ServiceStatus service, UptimeWindow window) {
        CheckCounts counts = service.windowCounts().getOrDefault(window, CheckCounts.NONE);
        OptionalDouble percent = service.uptime(window);
        return new UptimeJson(service.monitor().id().value(), window.label(),
                percent.isPresent() ? round(percent.getAsDouble()) : null, counts.successes(), counts.failures(),
                counts.errors());
    }

    static IncidentJson incident(Incident incident) {
        return new IncidentJson(incident.id().value(), incident.kind().name().toLowerCase(java.util.Locale.ROOT),
                incident.title(), incident.impact().wireName(),
                incident.services().stream().map(MonitorId::value).toList(), incident.startedAt(),
                incident.resolvedAt().orElse(null),
                incident.updates().stream().map(u -> new IncidentJson.UpdateJson(u.at(), u.state().wireName(), u.message()))
                        .toList());
    }

    /** Milliseconds with microsecond precision. */
    static double millis(Duration duration) {
        return duration.toNanos() / 1_000 / 1_000.0;
    }

    /** Four decimals: 99.9653 — enough to tell 99.99 % from 99.999 %. */
    private static double round(double percent) {
        return Math.round(percent * 10_000.0) / 10_000.0;
    }
}
