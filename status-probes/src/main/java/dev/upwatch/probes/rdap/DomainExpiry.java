package dev.upwatch.probes.rdap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.probe.EgressDeniedException;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code [DOMAIN_EXPIRATION]} from RDAP (RFC 9083): the {@code eventDate} of the domain's {@code expiration} event,
 * from the RDAP service IANA's bootstrap file (RFC 9224) names for its top-level domain, or from a configured one.
 * One per probe environment, shared by its monitors.
 *
 * <p>Answers are kept: an expiry for {@value #FRESH_HOURS} hours (it changes once a year or so, and registries
 * rate-limit), a failure for {@value #RETRY_MINUTES} minutes, the bootstrap file for a day; checks of one domain that
 * arrive together share one lookup. A lookup that fails — the service unreachable, refused by the egress policy, or
 * without an expiration date — never makes a check fail: the placeholder is reported
 * {@linkplain ProbeOutcome.Builder#unchecked unchecked}, and a check whose only failing conditions read it is an
 * ERROR sample. Every request goes through the environment's HTTP client, so the egress policy judges RDAP servers
 * like any target.
 */
public final class DomainExpiry implements AutoCloseable {
    static final int FRESH_HOURS = 12;
    static final int RETRY_MINUTES = 5;
    private static final Duration FRESH = Duration.ofHours(FRESH_HOURS);
    private static final Duration RETRY = Duration.ofMinutes(RETRY_MINUTES);
    private static final Duration BOOTSTRAP_FRESH = Duration.ofHours(24);
    /** Redirects followed per request (rdap.org-style services redirect to the registry's). */
    private static final int MAX_REDIRECTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<HttpClient> client;
    private final Clock clock;
    private final ConcurrentHashMap<Key, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<URI, CompletableFuture<Answer>> bootstraps = new ConcurrentHashMap<>();

    /** A lookup's identity: what is looked up where. */
    private record Key(String host, RdapSettings settings) {
    }

    /**
     * What one lookup gave, and when (on the environment's clock).
     *
     * @param expiry   the expiration date, or
     * @param failure  why there is none
     * @param document the bootstrap file's JSON, for a bootstrap answer
     */
    private record Answer(Optional<Instant> expiry, Optional<String> failure, Optional<JsonNode> document,
                          Instant at) {
        boolean fresh(Instant now, Duration success) {
            return now.isBefore(at.plus(failure.isPresent() ? RETRY : success));
        }
    }

    private DomainExpiry(Supplier<HttpClient> client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The lookups of {@code environment}.
     *
     * @param client the environment's HTTP client (resolving and connecting through it), asked for at the first lookup
     */
    public static DomainExpiry of(ProbeEnvironment environment, Supplier<HttpClient> client) {
        return environment.shared(DomainExpiry.class, DomainExpiry.class,
                () -> new DomainExpiry(client, environment.clock()));
    }

    /** Adds {@code [DOMAIN_EXPIRATION]} for {@code host} to {@code outcome}: the expiry, or unchecked with the reason. */
    public void describeTo(ProbeOutcome.Builder outcome, String host, RdapSettings settings, ProbeContext context)
            throws InterruptedException {
        Answer answer = answer(answers, new Key(host.toLowerCase(Locale.ROOT), settings), FRESH, context,
                () -> lookUp(host.toLowerCase(Locale.ROOT), settings, context));
        answer.expiry().ifPresentOrElse(outcome::domainExpiry,
                () -> outcome.unchecked(Placeholder.DOMAIN_EXPIRATION, answer.failure().orElse("no answer")));
    }

    /** The kept answer under {@code key} while fresh, else a new one (shared with checks asking meanwhile). */
    private <K> Answer answer(ConcurrentHashMap<K, CompletableFuture<Answer>> kept, K key, Duration fresh,
                              ProbeContext context, Supplier<Answer> lookUp) throws InterruptedException {
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> current = kept.compute(key, (k, existing) -> existing == null
                || existing.isCompletedExceptionally()
                || (existing.isDone() && !existing.join().fresh(clock.instant(), fresh)) ? mine : existing);
        if (current == mine) {
            try {
                mine.complete(lookUp.get());
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                if (Thread.currentThread().isInterrupted()) {
                    kept.remove(key, mine); // an abandoned check's answer is not kept: the next check asks again
                }
            }
        }
        try {
            return current.get(Math.max(0, context.remaining().toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return failure("the RDAP lookup did not finish in time");
        } catch (ExecutionException e) {
            return failure(FailureReason.of(e.getCause(), context.timeout()));
        }
    }

    private Answer lookUp(String host, RdapSettings settings, ProbeContext context) {
        boolean address = host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (address && settings.domain().isEmpty()) {
            return failure("the host is an address, not a domain name; set rdap-domain");
        }
        List<String> names = settings.domain().map(List::of).orElseGet(() -> candidates(host));
        if (names.isEmpty()) {
            return failure("'" + host + "' has no registered domain; set rdap-domain");
        }
        String tld = names.get(0).substring(names.get(0).lastIndexOf('.') + 1);
        URI base;
        if (settings.server().isPresent()) {
            base = settings.server().get();
        } else {
            Answer file;
            try {
                file = answer(bootstraps, settings.bootstrap(), BOOTSTRAP_FRESH, context,
                        () -> bootstrap(settings.bootstrap(), context));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failure("the RDAP lookup was interrupted");
            }
            if (file.document().isEmpty()) {
                return file;
            }
            Optional<URI> found = service(file.document().get(), tld);
            if (found.isEmpty()) {
                return failure("the RDAP bootstrap names no service for ." + tld);
            }
            base = found.get();
        }
        for (String name : names) {
            try {
                ContentResponse response = get(base.resolve("domain/" + name), context);
                if (response.getStatus() == 404) {
                    continue;
                }
                if (response.getStatus() != 200) {
                    return failure("RDAP server " + base.getHost() + " answered HTTP " + response.getStatus());
                }
                return expiration(JSON.readTree(response.getContent()), name);
            } catch (IOException e) {
                return failure("RDAP server " + base.getHost() + " sent no readable answer: "
                        + FailureReason.clean(String.valueOf(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failure("the RDAP lookup was interrupted");
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                Optional<EgressDeniedException> denied = EgressDeniedException.findIn(cause);
                return failure(denied.map(Throwable::getMessage).orElseGet(() -> "RDAP server " + base.getHost()
                        + " could not be reached: " + FailureReason.of(cause, context.timeout())));
            }
        }
        return failure("RDAP server " + base.getHost() + " knows neither " + String.join(" nor ", names));
    }

    /** The bootstrap file at {@code bootstrap}, as an answer carrying its JSON, or why there is none. */
    private Answer bootstrap(URI bootstrap, ProbeContext context) {
        try {
            ContentResponse response = get(bootstrap, context);
            if (response.getStatus() != 200) {
                return failure("RDAP bootstrap " + bootstrap.getHost() + " answered HTTP " + response.getStatus());
            }
            return new Answer(Optional.empty(), Optional.empty(), Optional.of(JSON.readTree(response.getContent())),
                    clock.instant());
        } catch (IOException e) {
            return failure("RDAP bootstrap " + bootstrap.getHost() + " is not readable JSON");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure("the RDAP lookup was interrupted");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return failure(EgressDeniedException.findIn(cause).map(Throwable::getMessage).orElseGet(() ->
                    "RDAP bootstrap " + bootstrap.getHost() + " could not be reached: "
                            + FailureReason.of(cause, context.timeout())));
        }
    }

    /** The RDAP service the bootstrap file lists for {@code tld}, HTTPS preferred (RFC 9224). */
    private static Optional<URI> service(JsonNode file, String tld) {
        for (JsonNode service : file.path("services")) {
            boolean listed = false;
            for (JsonNode entry : service.path(0)) {
                listed |= entry.asText().equalsIgnoreCase(tld);
            }
            if (listed) {
                URI first = null;
                for (JsonNode url : service.path(1)) {
                    URI candidate = URI.create(url.asText().endsWith("/") ? url.asText() : url.asText() + "/");
                    if ("https".equalsIgnoreCase(candidate.getScheme())) {
                        return Optional.of(candidate);
                    }
                    first = first == null ? candidate : first;
                }
                return Optional.ofNullable(first);
            }
        }
        return Optional.empty();
    }

    /** GET {@code url} within the check's time, following up to {@value #MAX_REDIRECTS} redirects. */
    private ContentResponse get(URI url, ProbeContext context)
            throws InterruptedException, ExecutionException, TimeoutException {
        URI target = url;
        for (int hop = 0; ; hop++) {
            ContentResponse response = client.get().newRequest(target)
                    .headers(headers -> headers.put(HttpHeader.ACCEPT, "application/rdap+json, application/json"))
                    .followRedirects(false)
                    .timeout(Math.max(1, context.remaining().toMillis()), TimeUnit.MILLISECONDS)
                    .send();
            String location = response.getHeaders().get(HttpHeader.LOCATION);
            int status = response.getStatus();
            boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            if (!redirect || location == null || hop == MAX_REDIRECTS) {
                return response;
            }
            URI next = target.resolve(location.strip());
            if (!"https".equalsIgnoreCase(next.getScheme()) && !"http".equalsIgnoreCase(next.getScheme())) {
                return response;
            }
            target = next;
        }
    }

    /** The {@code expiration} event of an RDAP domain object. */
    private Answer expiration(JsonNode domain, String name) {
        for (JsonNode event : domain.path("events")) {
            if ("expiration".equalsIgnoreCase(event.path("eventAction").asText())) {
                String date = event.path("eventDate").asText();
                try {
                    return new Answer(Optional.of(instant(date)), Optional.empty(), Optional.empty(), clock.instant());
                } catch (DateTimeParseException e) {
                    return failure("the RDAP expiration date of " + name + " is not a date: '"
                            + FailureReason.clean(date) + "'");
                }
            }
        }
        return failure("the RDAP record of " + name + " has no expiration date");
    }

    /** An RFC 3339 date, or one without an offset (read as UTC, as some registries write them). */
    private static Instant instant(String date) {
        try {
            return OffsetDateTime.parse(date).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(date).toInstant(ZoneOffset.UTC);
        }
    }

    /** {@code host}, then each parent with at least two labels: api.example.co.uk, example.co.uk, co.uk. */
    static List<String> candidates(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        List<String> names = new ArrayList<>();
        while (name.indexOf('.') > 0) {
            names.add(name);
            name = name.substring(name.indexOf('.') + 1);
        }
        return names;
    }

    private Answer failure(String why) {
        return new Answer(Optional.empty(), Optional.of(why), Optional.empty(), clock.instant());
    }

    /** Forgets every answer. */
    @Override
    public void close() {
        answers.clear();
        bootstraps.clear();
    }
}
