package dev.upwatch.web.api;

import dev.upwatch.core.port.OutboxStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Objects;

/** The notification delivery log under {@code /api/v1/notifications}. */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
public final class NotificationResource {
    private static final int MAX_DELIVERIES = 1000;
    private final OutboxStore outbox;

    @Inject
    NotificationResource(OutboxStore outbox) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    /** The newest delivery attempts, newest first. */
    @GET
    @Path("deliveries")
    public DeliveriesJson deliveries(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_DELIVERIES) {
            throw new BadRequestProblem("limit", "must be between 1 and " + MAX_DELIVERIES + ", got " + limit);
        }
        return new DeliveriesJson(outbox.deliveries(limit).stream().map(DeliveryJson::of).toList());
    }

    /** The delivery log, newest attempt first. */
    public record DeliveriesJson(List<DeliveryJson> deliveries) {
    }
}
