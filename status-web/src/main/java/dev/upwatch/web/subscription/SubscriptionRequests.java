package dev.upwatch.web.subscription;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.notify.subscription.InvalidSubscription;
import dev.upwatch.web.admin.FieldProblem;
import dev.upwatch.web.admin.ValidationProblemJson;
import dev.upwatch.web.api.ProblemJson;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What the form and the API share: reading chosen services and answering a refused request. */
final class SubscriptionRequests {
    private SubscriptionRequests() {
    }

    /** The services a request names; empty for none (the whole page). */
    static Optional<Set<MonitorId>> services(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return Optional.empty();
        }
        Set<MonitorId> chosen = new TreeSet<>();
        for (String id : ids) {
            try {
                chosen.add(MonitorId.of(id == null ? "" : id.strip()));
            } catch (IllegalArgumentException e) {
                throw new InvalidSubscription("services", "unknown service: " + id);
            }
        }
        return Optional.of(chosen);
    }

    /** 400 {@code application/problem+json} naming the field. */
    static Response refused(InvalidSubscription e) {
        return Response.status(400).type(ProblemJson.MEDIA_TYPE).entity(new ValidationProblemJson("about:blank",
                "Bad Request", 400, e.getMessage(), List.of(new FieldProblem(e.field(), e.problem())))).build();
    }

    /** The 404 of every route while the page offers no subscriptions. */
    static NotFoundException notOffered() {
        return new NotFoundException("this page offers no subscriptions");
    }
}
