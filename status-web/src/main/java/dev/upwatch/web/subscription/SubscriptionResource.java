package dev.upwatch.web.subscription;

import dev.upwatch.core.model.Subscription;
import dev.upwatch.notify.subscription.InvalidSubscription;
import dev.upwatch.notify.subscription.Subscriptions;
import dev.upwatch.notify.subscription.SubscriptionTexts;
import dev.upwatch.notify.subscription.WebhookSubscription;
import dev.upwatch.web.api.ProblemJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Objects;

/**
 * The subscription API: {@code POST /api/v1/subscriptions} with {@code {"email": …}} (202, the same answer for every
 * valid address: a confirmation link is mailed) or {@code {"webhook": …}} (201 with the signing secret and the
 * unsubscribe token), {@code POST /api/v1/subscriptions/confirm?token=…} and
 * {@code POST /api/v1/subscriptions/unsubscribe?token=…}.
 */
@Path("/api/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public final class SubscriptionResource {
    private static final String PAGE = Subscription.DEFAULT_PAGE;
    private final SubscriptionOffer offer;

    @Inject
    SubscriptionResource(SubscriptionOffer offer) {
        this.offer = Objects.requireNonNull(offer, "offer");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response subscribe(SubscriptionJson.Request request) {
        Subscriptions subscriptions = offer.subscriptions().orElseThrow(SubscriptionRequests::notOffered);
        try {
            if (request == null || (request.email() == null) == (request.webhook() == null)) {
                throw new InvalidSubscription("", "give exactly one of email and webhook");
            }
            var services = SubscriptionRequests.services(request.services());
            if (request.email() != null) {
                subscriptions.requestEmail(PAGE, request.email(), services);
                return Response.accepted(new SubscriptionJson.Sent("confirmation-sent", SubscriptionTexts.english()
                        .text("form.sent.text", dev.upwatch.core.model.DurationText.format(
                                subscriptions.confirmWithin())))).build();
            }
            if (!offer.webhooks()) {
                throw new InvalidSubscription("webhook", "this page does not offer subscriptions by webhook");
            }
            WebhookSubscription made = subscriptions.subscribeWebhook(PAGE, request.webhook(), services);
            Subscription s = made.subscription();
            return Response.status(201).entity(new SubscriptionJson.Webhook(s.id().value(), s.address(),
                    SubscriptionJson.ids(s), s.secret().orElseThrow(), made.unsubscribeToken())).build();
        } catch (InvalidSubscription e) {
            return SubscriptionRequests.refused(e);
        }
    }

    @POST
    @Path("confirm")
    public Response confirm(@QueryParam("token") String token) {
        Subscriptions subscriptions = offer.subscriptions().orElseThrow(SubscriptionRequests::notOffered);
        return subscriptions.confirm(token)
                .map(s -> Response.ok(new SubscriptionJson.Confirmed(s.id().value(), SubscriptionJson.ids(s))).build())
                .orElseGet(() -> invalidToken());
    }

    @POST
    @Path("unsubscribe")
    public Response unsubscribe(@QueryParam("token") String token) {
        Subscriptions subscriptions = offer.subscriptions().orElseThrow(SubscriptionRequests::notOffered);
        return subscriptions.unsubscribe(token) ? Response.noContent().build() : invalidToken();
    }

    private static Response invalidToken() {
        return Response.status(404).type(ProblemJson.MEDIA_TYPE).entity(ProblemJson.of(404, "Not Found",
                "token: " + SubscriptionTexts.english().text("confirm.invalid.text"))).build();
    }
}
