package dev.upwatch.web.subscription;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Subscription;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.notify.subscription.EmailRequest;
import dev.upwatch.notify.subscription.InvalidSubscription;
import dev.upwatch.notify.subscription.SubscriptionTexts;
import dev.upwatch.notify.subscription.Subscriptions;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.page.Html;
import dev.upwatch.web.page.PageChrome;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The readers' pages, server-rendered and working without script: {@code GET/POST /subscribe} (the form),
 * {@code GET/POST /subscribe/confirm} (a button that confirms: mail scanners follow links, so a GET never confirms) and
 * {@code GET/POST /unsubscribe?token=…} (the POST is also RFC 8058's one-click target of {@code List-Unsubscribe}).
 * They are written in the reader's language (the request's scope), and a subscription made here remembers it for its
 * mails.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public final class SubscribePageResource {
    private static final String PAGE = Subscription.DEFAULT_PAGE;
    private final SubscriptionOffer offer;
    private final PageConfig page;
    private final ReaderScopes scopes;
    /** The request being answered (a per-request proxy): its page frame and language come from it. */
    @Context
    private HttpServletRequest request;

    @Inject
    SubscribePageResource(SubscriptionOffer offer, PageConfig page, ReaderScopes scopes) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.offer = Objects.requireNonNull(offer, "offer");
        this.page = Objects.requireNonNull(page, "page");
    }

    @GET
    @Path("subscribe")
    public Response form() {
        Subscriptions subscriptions = emailSubscriptions();
        return html(200, formView(subscriptions, "", Set.of(), Optional.empty()));
    }

    @POST
    @Path("subscribe")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response subscribe(MultivaluedMap<String, String> form) {
        Subscriptions subscriptions = emailSubscriptions();
        String email = form.getFirst("email");
        List<String> services = form.get("services");
        Set<String> chosen = services == null ? Set.of() : Set.copyOf(services);
        try {
            subscriptions.requestEmail(PAGE, email, SubscriptionRequests.services(chosen), scopes.of(request).locale());
        } catch (InvalidSubscription e) {
            return html(400, formView(subscriptions, email == null ? "" : email, chosen, Optional.of(e)));
        }
        return html(200, view("sent", Map.of("heading", texts().text("form.sent.title"),
                "lead", texts().text("form.sent.text", DurationText.format(subscriptions.confirmWithin()))), ""));
    }

    @GET
    @Path("subscribe/confirm")
    public Response confirmation(@QueryParam("token") String token) {
        Subscriptions subscriptions = subscriptions();
        Optional<EmailRequest> request = subscriptions.pending(token);
        if (request.isEmpty()) {
            return invalid();
        }
        return html(200, view("confirm", Map.of("heading", texts().text("confirm.title"),
                "lead", texts().text("confirm.text", what(request.get().services()), request.get().address()),
                "submit", texts().text("confirm.submit")), token));
    }

    @POST
    @Path("subscribe/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirm(@FormParam("token") String token) {
        return subscriptions().confirm(token)
                .map(s -> html(200, view("confirmed", Map.of("heading", texts().text("confirm.done.title"),
                        "lead", texts().text("confirm.done.text", what(s.services()))), "")))
                .orElseGet(this::invalid);
    }

    @GET
    @Path("unsubscribe")
    public Response unsubscription(@QueryParam("token") String token) {
        Subscriptions subscriptions = subscriptions();
        Optional<Subscription> subscription = subscriptions.find(token);
        if (subscription.isEmpty()) {
            // Already ended, or never genuine: a genuine token of an ended subscription says it is done.
            return subscriptions.unsubscribe(token) ? unsubscribed() : invalid();
        }
        return html(200, view("unsubscribe", Map.of("heading", texts().text("unsubscribe.title"),
                "lead", texts().text("unsubscribe.text", what(subscription.get().services())),
                "submit", texts().text("unsubscribe.submit")), token));
    }

    /** The form's button, and RFC 8058's one-click POST ({@code List-Unsubscribe=One-Click}, any body type). */
    @POST
    @Path("unsubscribe")
    public Response unsubscribe(@QueryParam("token") String token) {
        return subscriptions().unsubscribe(token) ? unsubscribed() : invalid();
    }

    private Response unsubscribed() {
        return html(200, view("unsubscribed", Map.of("heading", texts().text("unsubscribe.done.title"),
                "lead", texts().text("unsubscribe.done.text")), ""));
    }

    private Response invalid() {
        return html(404, view("invalid", Map.of("heading", texts().text("confirm.invalid.title"),
                "lead", texts().text("confirm.invalid.text")), ""));
    }

    /** The services of the page being read, as its readers see them. */
    private StatusQuery status() {
        return scopes.of(request).page().status();
    }

    /** The texts in the reader's language. */
    private SubscriptionTexts texts() {
        return SubscriptionTexts.of(scopes.of(request).locale());
    }

    private Subscriptions subscriptions() {
        return offer.subscriptions().orElseThrow(SubscriptionRequests::notOffered);
    }

    private Subscriptions emailSubscriptions() {
        Subscriptions subscriptions = subscriptions();
        if (!subscriptions.acceptsEmail()) {
            throw SubscriptionRequests.notOffered();
        }
        return subscriptions;
    }

    private SubscribePageView formView(Subscriptions subscriptions, String email, Set<String> chosen,
                                       Optional<InvalidSubscription> error) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("heading", texts().text("form.title"));
        text.put("lead", texts().text("form.lead", page.title()));
        text.put("email", texts().text("form.email"));
        text.put("services", texts().text("form.services"));
        text.put("submit", texts().text("form.submit"));
        List<SubscribePageView.Choice> services = status().snapshot().services().stream()
                .map(s -> new SubscribePageView.Choice(s.monitor().id().value(), s.monitor().name(),
                        chosen.contains(s.monitor().id().value())))
                .toList();
        return new SubscribePageView(page.title(), PageChrome.of(scopes.of(request).page(), scopes.of(request).messages()), "form", text, email,
                error.map(InvalidSubscription::problem).orElse(""), error.map(InvalidSubscription::field).orElse(""),
                services, "");
    }

    private SubscribePageView view(String state, Map<String, String> text, String token) {
        return new SubscribePageView(page.title(), PageChrome.of(scopes.of(request).page(), scopes.of(request).messages()), state, text, "", "", "", List.of(), token);
    }

    /** "the page" or the chosen services' names, for the texts. */
    private String what(Optional<Set<MonitorId>> services) {
        if (services.isEmpty()) {
            return page.title();
        }
        return services.get().stream().sorted()
                .map(id -> status().service(id).map(s -> s.monitor().name()).orElse(id.value()))
                .collect(Collectors.joining(", "));
    }

    private Response html(int code, SubscribePageView view) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(code).entity(new Html("subscribe.ftlh", view, scopes.of(request).messages(), "./")).type(MediaType.TEXT_HTML_TYPE)
                .cacheControl(noStore).build();
    }
}
