package dev.upwatch.notify.subscription;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Subscription;
import dev.upwatch.core.model.SubscriptionId;
import dev.upwatch.core.port.SubscriptionStore;
import dev.upwatch.core.probe.EgressDeniedException;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.NameResolver;
import dev.upwatch.notify.SubscriberNotifier;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Subscribing and unsubscribing, the one place the form, the API and the admin listing go through.
 *
 * <p>Email is double opt-in without a stored request: {@link #requestEmail} checks the form and sends a confirmation
 * mail with a signed link that carries the request; it never reads the subscriptions, so its answer and its work are
 * the same whether or not the address is subscribed already (nothing tells who is). Only the link's holder can
 * {@link #confirm} it. At most one confirmation mail goes to an address per {@code resendAfter}; more requests are
 * answered the same and send nothing. {@link #unsubscribe} takes the signed token of a subscription's link.
 */
public final class Subscriptions {
    /** Most addresses whose last confirmation mail is remembered for the resend bound. */
    static final int REMEMBERED_ADDRESSES = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubscriptionStore store;
    private final SubscriberNotifier notifier;
    private final SubscriptionTokens tokens;
    private final Clock clock;
    private final Duration confirmWithin;
    private final Duration resendAfter;
    private final Predicate<MonitorId> selectable;
    private final EgressPolicy egress;
    private final NameResolver resolver;
    /** Address → when its last confirmation mail was sent; oldest first, bounded. */
    private final Map<String, Instant> lastConfirmation = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED_ADDRESSES;
        }
    };

    /**
     * @param confirmWithin how long a confirmation link confirms
     * @param resendAfter   the least time between two confirmation mails to one address
     * @param selectable    the services a reader may choose (the public ones)
     * @param egress        where webhooks may be sent; checked when one subscribes and at every delivery
     */
    public Subscriptions(SubscriptionStore store, SubscriberNotifier notifier, SubscriptionTokens tokens, Clock clock,
                         Duration confirmWithin, Duration resendAfter, Predicate<MonitorId> selectable,
                         EgressPolicy egress, NameResolver resolver) {
        this.store = Objects.requireNonNull(store, "store");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.confirmWithin = Objects.requireNonNull(confirmWithin, "confirmWithin");
        this.resendAfter = Objects.requireNonNull(resendAfter, "resendAfter");
        this.selectable = Objects.requireNonNull(selectable, "selectable");
        this.egress = Objects.requireNonNull(egress, "egress");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** How long a confirmation link confirms. */
    public Duration confirmWithin() {
        return confirmWithin;
    }

    /** True when readers can subscribe by email (an SMTP server is configured). */
    public boolean acceptsEmail() {
        return notifier.sendsMail();
    }

    /** {@link #requestEmail(String, String, Optional, Locale)} in English. */
    public void requestEmail(String page, String address, Optional<Set<MonitorId>> services) {
        requestEmail(page, address, services, Locale.ENGLISH);
    }

    /**
     * Sends a confirmation link to {@code address} (unless one went there within {@code resendAfter}). The same for
     * every valid address, subscribed or not.
     *
     * @param locale the reader's language: of the confirmation mail, of the problems, and of every later mail
     * @throws InvalidSubscription naming {@code email} or {@code services}, in {@code locale}
     */
    public void requestEmail(String page, String address, Optional<Set<MonitorId>> services, Locale locale) {
        Objects.requireNonNull(locale, "locale");
        if (!acceptsEmail()) {
            throw new InvalidSubscription("email", "this page does not offer subscriptions by email");
        }
        SubscriptionTexts texts = SubscriptionTexts.of(locale);
        String normalized = email(address, texts);
        Optional<Set<MonitorId>> chosen = services(services, texts);
        Instant now = clock.instant();
        synchronized (lastConfirmation) {
            Instant last = lastConfirmation.get(normalized);
            if (last != null && now.isBefore(last.plus(resendAfter))) {
                return;
            }
            lastConfirmation.remove(normalized); // re-inserted last: the map stays in order of sending
            lastConfirmation.put(normalized, now);
        }
        EmailRequest request = new EmailRequest(page, normalized, chosen, now.plus(confirmWithin), locale);
        // The language rides along unsigned too, so that the page the link opens is written in it.
        URI link = notifier.link("/subscribe/confirm?token="
                + URLEncoder.encode(tokens.confirmation(request), StandardCharsets.UTF_8) + "&lang=" + locale.toLanguageTag());
        notifier.requestConfirmation(normalized, link, DurationText.format(confirmWithin), locale);
    }

    /** What a confirmation token asks, when it is genuine and not expired; empty otherwise. */
    public Optional<EmailRequest> pending(String token) {
        Instant now = clock.instant();
        return tokens.readConfirmation(token).filter(request -> now.isBefore(request.expiresAt()));
    }

    /**
     * Confirms the request of {@code token}: stores the subscription (a second confirmation replaces the services)
     * and puts it in force at once. Empty when the token is not genuine or has expired.
     */
    public Optional<Subscription> confirm(String token) {
        return pending(token).map(request -> {
            Subscription saved = store.save(new Subscription(SubscriptionId.random(), request.page(),
                    Subscription.Kind.EMAIL, request.address(), Optional.empty(),
                    request.services().filter(ids -> !ids.isEmpty()), clock.instant(), request.locale()));
            notifier.replaceSubscriptions(store.all());
            return saved;
        });
    }

    /**
     * Subscribes a webhook at once (its creator holds the endpoint; there is no address to confirm) with a fresh
     * signing secret, returned once with the unsubscribe token.
     *
     * @throws InvalidSubscription naming {@code url} (not http(s), or refused by the egress policy) or {@code services}
     */
    public WebhookSubscription subscribeWebhook(String page, String url, Optional<Set<MonitorId>> services) {
        URI target = webhookUrl(url);
        Optional<Set<MonitorId>> chosen = services(services, SubscriptionTexts.english());
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        Subscription saved = store.save(new Subscription(SubscriptionId.random(), page, Subscription.Kind.WEBHOOK,
                target.toString(), Optional.of(secret), chosen, clock.instant()));
        notifier.replaceSubscriptions(store.all());
        return new WebhookSubscription(saved, tokens.unsubscribe(saved.id()));
    }

    /** The subscription a genuine unsubscribe token names, while it exists. */
    public Optional<Subscription> find(String unsubscribeToken) {
        return tokens.readUnsubscribe(unsubscribeToken)
                .flatMap(id -> notifier.subscriptions().stream().filter(s -> s.id().equals(id)).findFirst());
    }

    /**
     * Ends the subscription {@code token} names; true when the token is genuine (also when it was already ended, so
     * that a second click says the same).
     */
    public boolean unsubscribe(String token) {
        Optional<SubscriptionId> id = tokens.readUnsubscribe(token);
        if (id.isEmpty()) {
            return false;
        }
        if (store.remove(id.get())) {
            notifier.replaceSubscriptions(store.all());
        }
        return true;
    }

    /** Every subscription, for operators. */
    public List<Subscription> list() {
        return store.all();
    }

    private static String email(String address, SubscriptionTexts texts) {
        String text = address == null ? "" : address.strip();
        try {
            if (text.isEmpty() || text.length() > Subscription.MAX_EMAIL || text.contains("<")) {
                throw new AddressException("not a plain address");
            }
            InternetAddress parsed = new InternetAddress(text, true);
            parsed.validate();
            if (parsed.getPersonal() != null || !parsed.getAddress().contains("@")) {
                throw new AddressException("not a plain address");
            }
            return parsed.getAddress().toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            throw new InvalidSubscription("email", texts.text("error.email"));
        }
    }

    private Optional<Set<MonitorId>> services(Optional<Set<MonitorId>> services, SubscriptionTexts texts) {
        Objects.requireNonNull(services, "services");
        if (services.isEmpty() || services.get().isEmpty()) {
            return Optional.empty();
        }
        for (MonitorId id : services.get()) {
            if (!selectable.test(id)) {
                throw new InvalidSubscription("services", texts.text("error.services", id.value()));
            }
        }
        return Optional.of(Set.copyOf(services.get()));
    }

    private URI webhookUrl(String url) {
        URI target;
        try {
            target = new URI(url == null ? "" : url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidSubscription("url", "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || target.getHost() == null
                || target.getRawUserInfo() != null || target.toString().length() > Subscription.MAX_URL) {
            throw new InvalidSubscription("url", "must be an absolute http or https URL with a host, without "
                    + "credentials, at most " + Subscription.MAX_URL + " characters");
        }
        try {
            egress.resolve(target.getHost(), resolver);
        } catch (EgressDeniedException e) {
            throw new InvalidSubscription("url", e.getMessage());
        } catch (UnknownHostException e) {
            throw new InvalidSubscription("url", "host '" + target.getHost() + "' is not known");
        }
        return target;
    }
}
