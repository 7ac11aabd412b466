package dev.upwatch.notify.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.notify.CertificateNotice;
import dev.upwatch.notify.Event;
import dev.upwatch.notify.IncidentNotice;
import dev.upwatch.notify.PayloadFormat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The generic JSON event of {@code webhook} channels, shaped like a Standard Webhooks payload:
 * <pre>{@code
 * {"type":"service.down","timestamp":"2026-11-24T20:01:02.345Z",
 *  "data":{"service":{"id":"api","name":"API","group":"Public"},"status":"down","previousStatus":"up",
 *          "responseTimeMs":123,"reason":"[STATUS] (503) == 200","url":"https://status.example.com/services/api"}}
 * }</pre>
 * {@code timestamp} is when the change happened; {@code url} is present only when a public base URL is configured.
 * {@code service.up} adds {@code outageSince} and {@code outageDurationMs} (when the outage began while this process
 * ran); {@code service.degraded} adds {@code thresholdMs}, the monitor's {@code degraded-above}; a reminder (a
 * {@code service.down} repeated while the service stays down) adds {@code "reminder":true} and {@code downForMs}.
 * A monitor others depend on ({@code depends-on}) adds {@code affected}, the services it takes down with it (for a
 * {@code service.down}) or those still down (for a {@code service.up}), each as {@code {"id","name","group"}}.
 * A channel with a {@code template} adds {@code text}, the rendered template; the rest of the body is unchanged.
 */
final class GenericPayload implements PayloadFormat {
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public byte[] render(Event event) {
        return render(event, null);
    }

    /** The same JSON event, with the rendered template as {@code data.text}: consumers of the schema keep working. */
    @Override
    public byte[] renderText(Event event, String text) {
        return render(event, java.util.Objects.requireNonNull(text, "text"));
    }

    private static byte[] render(Event event, String text) {
        var change = event.change();
        var monitor = change.monitor();
        var json = new EventJson(event.wireName(), event.timestamp(),
                new DataJson(new ServiceJson(monitor.id().value(), monitor.name(), monitor.group()),
                        change.current().wireName(), change.previous().wireName(), event.responseTimeMs(),
                        change.reason(), event.serviceUrl().map(Object::toString).orElse(null),
                        event.outage().map(ISO::format).orElse(null),
                        event.outageDuration().map(Duration::toMillis).orElse(null),
                        event.degradedThreshold().map(Duration::toMillis).orElse(null),
                        event.stillDown().isPresent() ? Boolean.TRUE : null,
                        event.stillDown().map(Duration::toMillis).orElse(null),
                        change.affected().stream().map(m -> new ServiceJson(m.id().value(), m.name(), m.group()))
                                .toList(), text));
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the webhook payload", e);
        }
    }

    /**
     * <pre>{@code
     * {"type":"incident.opened","timestamp":"2026-11-24T20:01:02.345Z",
     *  "data":{"incident":{"id":"db-failover","kind":"manual","title":"Database failover","impact":"degraded",
     *          "services":["api"],"startedAt":"2026-11-24T20:01:02.345Z","state":"investigating",
     *          "message":"We are looking into it"},"url":"https://status.example.com"}}
     * }</pre>
     * {@code resolvedAt} appears once resolved; {@code state} and {@code message} are the newest update's.
     */
    @Override
    public byte[] renderIncident(IncidentNotice notice) {
        var incident = notice.incident();
        var latest = notice.latestUpdate();
        var json = new IncidentEventJson(notice.wireName(), notice.timestamp(), new IncidentDataJson(
                new IncidentJson(incident.id().value(), incident.kind().name().toLowerCase(Locale.ROOT),
                        incident.title(), incident.impact().wireName(),
                        incident.services().stream().map(MonitorId::value).toList(),
                        IncidentNotice.iso(incident.startedAt()), incident.resolvedAt().map(IncidentNotice::iso).orElse(null),
                        latest.map(u -> u.state().wireName()).orElse(null), latest.map(u -> u.message()).orElse(null)),
                notice.pageUrl().map(Object::toString).orElse(null)));
        return PayloadFormat.write(json, "incident webhook");
    }

    /**
     * <pre>{@code
     * {"type":"service.certificate-expiring","timestamp":"2026-11-24T20:01:02.345Z",
     *  "data":{"service":{"id":"api","name":"API","group":"Public"},"expiresAt":"2026-11-29T20:01:02.000Z",
     *          "daysLeft":5,"url":"https://status.example.com/services/api"}}
     * }</pre>
     * {@code timestamp} is when the check saw the certificate; {@code daysLeft} counts whole days from then, rounded
     * down; {@code url} is present only when a public base URL is configured.
     */
    @Override
    public byte[] renderCertificate(CertificateNotice notice) {
        var monitor = notice.monitor();
        var json = new CertificateEventJson(notice.wireName(), notice.timestamp(), new CertificateDataJson(
                new ServiceJson(monitor.id().value(), monitor.name(), monitor.group()), notice.expiresAtIso(),
                notice.daysLeft(), notice.serviceUrl().map(Object::toString).orElse(null)));
        return PayloadFormat.write(json, "certificate webhook");
    }

    @JsonPropertyOrder({"type", "timestamp", "data"})
    record CertificateEventJson(String type, String timestamp, CertificateDataJson data) {
    }

    @JsonPropertyOrder({"service", "expiresAt", "daysLeft", "url"})
    record CertificateDataJson(ServiceJson service, String expiresAt, long daysLeft,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String url) {
    }

    @JsonPropertyOrder({"type", "timestamp", "data"})
    record IncidentEventJson(String type, String timestamp, IncidentDataJson data) {
    }

    @JsonPropertyOrder({"incident", "url"})
    record IncidentDataJson(IncidentJson incident, @JsonInclude(JsonInclude.Include.NON_NULL) String url) {
    }

    @JsonPropertyOrder({"id", "kind", "title", "impact", "services", "startedAt", "resolvedAt", "state", "message"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IncidentJson(String id, String kind, String title, String impact, List<String> services,
                        String startedAt, String resolvedAt, String state, String message) {
    }

    @JsonPropertyOrder({"type", "timestamp", "data"})
    record EventJson(String type, String timestamp, DataJson data) {
    }

    @JsonPropertyOrder({"service", "status", "previousStatus", "responseTimeMs", "reason", "url", "outageSince",
            "outageDurationMs", "thresholdMs", "reminder", "downForMs", "affected", "text"})
    record DataJson(ServiceJson service, String status, String previousStatus, long responseTimeMs, String reason,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String url,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String outageSince,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Long outageDurationMs,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Long thresholdMs,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean reminder,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Long downForMs,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ServiceJson> affected,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String text) {
    }

    @JsonPropertyOrder({"id", "name", "group"})
    record ServiceJson(String id, String name, String group) {
    }
}
