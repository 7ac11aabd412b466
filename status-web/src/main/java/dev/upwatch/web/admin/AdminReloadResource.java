package dev.upwatch.web.admin;

import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.definition.FileReload;
import dev.upwatch.core.definition.ReloadResult;
import dev.upwatch.core.model.MonitorId;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Objects;

/**
 * {@code POST /api/v1/admin/reload}: re-reads the configuration file and applies its monitors, then its notification
 * channels (as SIGHUP does).
 */
@Path("/api/v1/admin/reload")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminReloadResource {
    private final FileReload reload;

    @Inject
    AdminReloadResource(FileReload reload) {
        this.reload = Objects.requireNonNull(reload, "reload");
    }

    @POST
    public Response reload() {
        return AdminMonitorResource.answer(() -> {
            ReloadResult result;
            try {
                result = reload.reload();
            } catch (InvalidConfigException e) {
                // Problems of the file: each keeps its file and line.
                return AdminAnswers.invalid(e.problems().stream()
                        .map(p -> new FieldProblem(p.key(), p.file() + ":" + p.line() + ": " + p.problem())).toList());
            }
            return Response.ok(new ReloadJson(ids(result.added()), ids(result.changed()), ids(result.removed()),
                    result.unchanged())).build();
        });
    }

    private static List<String> ids(List<MonitorId> ids) {
        return ids.stream().map(MonitorId::value).toList();
    }
}
