package dev.upwatch.web.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.Condition;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.definition.Defined;
import dev.upwatch.core.definition.StoredDocument;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.web.api.IncidentJson;
import dev.upwatch.web.api.ProblemJson;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the admin API's answers, wire types and problems, from domain objects: the one place that does. */
final class AdminAnswers {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private AdminAnswers() {
    }

    static AdminMonitorJson monitor(Defined<Monitor> managed, StatusQuery status, ObjectMapper json) {
        var monitor = managed.value();
        Map<String, Object> definition = managed.stored().map(d -> SecretMask.masked(read(json, d.document(), managed.id()))).orElse(null);
        return new AdminMonitorJson(monitor.id().value(), managed.owner().wireName(), monitor.name(), monitor.group(),
                monitor.probe().type(), !monitor.isPublic(), DurationText.format(monitor.interval()),
                DurationText.format(monitor.timeout()),
                monitor.conditions().stream().map(Condition::expression).toList(),
                monitor.sla().map(dev.upwatch.core.model.SlaTarget::text).orElse(null),
                status.service(monitor.id()).map(ServiceStatus::status).map(s -> s.wireName()).orElse("unknown"),
                definition,
                managed.stored().map(StoredDocument::createdAt).orElse(null),
                managed.stored().map(StoredDocument::updatedAt).orElse(null), monitor.paused());
    }

    static AdminMaintenanceJson maintenance(Defined<MaintenanceWindow> managed, java.time.Instant now,
                                            ObjectMapper json) {
        var window = managed.value();
        var next = window.openAt(now).or(() -> window.nextAfter(now, dev.upwatch.core.rule.MaintenanceCalendar.ANNOUNCE_AHEAD));
        return new AdminMaintenanceJson(managed.id(), managed.owner().wireName(), window.title(),
                window.monitors().stream().map(MonitorId::value).sorted().toList(), window.starts().text(),
                DurationText.format(window.duration()), next.map(o -> o.isOpenAt(now)).orElse(false),
                next.map(o -> o.start()).orElse(null), next.map(o -> o.end()).orElse(null),
                managed.stored().map(d -> SecretMask.masked(read(json, d.document(), managed.id()))).orElse(null),
                managed.stored().map(StoredDocument::createdAt).orElse(null),
                managed.stored().map(StoredDocument::updatedAt).orElse(null));
    }

    static AdminChannelJson channel(Defined<ChannelSettings> managed, ObjectMapper json) {
        var settings = managed.value();
        return new AdminChannelJson(settings.id(), managed.owner().wireName(), settings.type().configName(),
                ChannelMask.url(settings.url().toString()),
                settings.events().stream().map(dev.upwatch.notify.EventType::configName).toList(),
                settings.monitors().map(ids -> ids.stream().map(MonitorId::value).sorted().toList()).orElse(null),
                settings.remindEvery().map(DurationText::format).orElse(null),
                settings.flap().maxChanges(), DurationText.format(settings.flap().window()),
                DurationText.format(settings.certificateWarning()), settings.secret().isPresent(),
                settings.template().map(dev.upwatch.notify.MessageTemplate::text).orElse(null),
                managed.stored().map(d -> ChannelMask.masked(read(json, d.document(), managed.id()))).orElse(null),
                managed.stored().map(StoredDocument::createdAt).orElse(null),
                managed.stored().map(StoredDocument::updatedAt).orElse(null));
    }

    private static Map<String, Object> read(ObjectMapper json, String document, String id) {
        try {
            return json.readValue(document, OBJECT);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored definition of " + id + " is not JSON", e);
        }
    }

    static IncidentJson incident(Incident incident) {
        return new IncidentJson(incident.id().value(), incident.kind().name().toLowerCase(Locale.ROOT),
                incident.title(), incident.impact().wireName(),
                incident.services().stream().map(MonitorId::value).toList(), incident.startedAt(),
                incident.resolvedAt().orElse(null),
                incident.updates().stream().map(u -> new IncidentJson.UpdateJson(u.at(), u.state().wireName(), u.message()))
                        .toList());
    }

    static Response invalid(List<FieldProblem> given) {
        List<FieldProblem> problems = given.stream()
                .map(p -> new FieldProblem(p.field(), SecretMask.scrubbed(p.problem()))).toList();
        String detail = problems.stream().map(p -> (p.field().isEmpty() ? "" : p.field() + ": ") + p.problem())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return Response.status(400).type(ProblemJson.MEDIA_TYPE)
                .entity(new ValidationProblemJson("about:blank", "Bad Request", 400, detail, problems)).build();
    }

    static Response problem(int status, String detail) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        return Response.status(status).type(ProblemJson.MEDIA_TYPE)
                .entity(new ProblemJson("about:blank", type == null ? "Error" : type.getReasonPhrase(), status, detail))
                .build();
    }
}
