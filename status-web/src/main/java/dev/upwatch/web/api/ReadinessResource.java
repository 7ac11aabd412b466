package dev.upwatch.web.api;

import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.persistence.Database;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /readyz}: 200 when the instance can do its job — the database answers (its migrations ran when it
 * was opened) and the scheduler is checking — else 503; the body says which part is not ready.
 * {@code /healthz} (liveness) only says the process serves HTTP.
 */
@Path("/readyz")
public final class ReadinessResource {
    private final UpwatchEngine engine;
    private final Database database;

    @Inject
    public ReadinessResource(UpwatchEngine engine, Database database) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Readiness of the database, its schema and the scheduler. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response readiness() {
        boolean databaseUp = database.isReachable();
        boolean checking = engine.isRunning();
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", databaseUp ? "up" : "unreachable");
        // Database.open refuses to return before every migration ran, so a serving instance has a current schema.
        checks.put("migrations", "current (" + database.migrationsApplied() + " applied at start)");
        checks.put("scheduler", checking ? "running, " + engine.schedulerStats().scheduled() + " monitors" : "stopped");
        boolean ready = databaseUp && checking;
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(ready ? 200 : 503).cacheControl(noStore)
                .entity(new ReadinessJson(ready ? "ready" : "not ready", checks)).build();
    }

    /**
     * The readiness answer.
     *
     * @param status {@code ready} or {@code not ready}
     * @param checks each part and its state
     */
    public record ReadinessJson(String status, Map<String, String> checks) {
    }
}
