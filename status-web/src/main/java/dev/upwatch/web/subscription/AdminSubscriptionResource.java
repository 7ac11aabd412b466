package dev.upwatch.web.subscription;

import dev.upwatch.core.model.SubscriptionId;
import dev.upwatch.core.port.SubscriptionStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Objects;

/**
 * Operators' view of subscriptions, behind the admin token ({@code AccessFilter} guards {@code /api/v1/admin/**}):
 * {@code GET /api/v1/admin/subscriptions} lists them (addresses, never secrets); {@code DELETE …/{id}} ends one.
 */
@Path("/api/v1/admin/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminSubscriptionResource {
    private final SubscriptionOffer offer;
    private final SubscriptionStore store;

    @Inject
    AdminSubscriptionResource(SubscriptionOffer offer, SubscriptionStore store) {
        this.offer = Objects.requireNonNull(offer, "offer");
        this.store = Objects.requireNonNull(store, "store");
    }

    @GET
    public SubscriptionJson.Listing list() {
        var all = store.all().stream().map(SubscriptionJson.Listed::of).toList();
        return new SubscriptionJson.Listing(all.size(), all);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        SubscriptionId subscription;
        try {
            subscription = new SubscriptionId(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no subscription '" + id + "'");
        }
        if (!store.remove(subscription)) {
            throw new NotFoundException("no subscription '" + id + "'");
        }
        offer.notifier().ifPresent(notifier -> notifier.replaceSubscriptions(store.all()));
        return Response.noContent().build();
    }
}
