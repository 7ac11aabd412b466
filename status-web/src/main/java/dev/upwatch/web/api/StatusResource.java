package dev.upwatch.web.api;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.port.StatusQuery;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Objects;

/** The public read API under {@code /api/v1}. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class StatusResource {
    private static final int MAX_SAMPLES = 500;
    private final StatusQuery status;

    @Inject
    StatusResource(StatusQuery status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    /** The state of every service. */
    @GET
    @Path("status")
    public StatusJson status() {
        return ApiRepresentations.status(status.snapshot());
    }

    /** One service with its newest checks. */
    @GET
    @Path("services/{id}")
    public ServiceDetailJson service(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_SAMPLES) {
            throw new BadRequestProblem("limit", "must be between 1 and " + MAX_SAMPLES + ", got " + limit);
        }
        ServiceStatus service = find(id);
        return ApiRepresentations.detail(service, status.recentSamples(service.monitor().id(), limit));
    }

    private ServiceStatus find(String id) {
        try {
            return status.service(MonitorId.of(id)).orElseThrow(() -> new NotFoundException("no service '" + id + "'"));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no service '" + id + "'");
        }
    }
}
