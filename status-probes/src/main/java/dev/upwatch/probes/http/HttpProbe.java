package dev.upwatch.probes.http;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.probe.EgressDeniedException;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.service.CheckDeadlines;
import dev.upwatch.probes.rdap.DomainExpiry;
import dev.upwatch.probes.rdap.RdapSettings;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Checks one URL: sends the configured request under the check's deadline, follows redirects when asked, and
 * reports status, headers, body (only when a condition reads it), certificate expiry and timing phases.
 *
 * <p>Phases, all from {@link System#nanoTime()}: {@code dns}, {@code connect} (TCP) and {@code tls} (handshake, https
 * only) come from {@link ConnectionTrace}; {@code firstByte} runs from the start of the first host lookup to the first
 * byte of the final response, and {@code transfer} from there to the response's end, so that
 * {@code firstByte + transfer = elapsed}. Every check opens a fresh connection, so these phases are measured on
 * every check rather than only when a pooled connection happens to be replaced: the probe keeps its Jetty
 * destinations ({@link ProbeTag}) from check to check, but their connections serve one exchange each. Time spent
 * inside the client before a request is written ({@link ConnectionTrace#clientNanos()}: handing a new connection to a
 * selector thread, queueing and generating the request) is left out of {@code firstByte} and {@code elapsed}: the
 * server has no part in it.
 */
final class HttpProbe implements Probe {
    private static final String DEFAULT_BODY_TYPE = "text/plain; charset=UTF-8";
    /** Headers sent only to the configured URL's origin, never to another host a redirect points at (as curl does). */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    private final SharedHttpClient shared;
    /** This probe's Jetty destinations, kept from check to check and removed when it closes. */
    private final ProbeTag tag = new ProbeTag();
    private final HttpSettings settings;
    private final DomainExpiry domains;
    private final RdapSettings rdap;
    /** Watches each check's deadline while it waits for the response ({@link ResponseCollector#await}). */
    private final CheckDeadlines deadlines;

    /**
     * @param domains   looks up {@code [DOMAIN_EXPIRATION]} of the URL's host when a condition reads it
     * @param deadlines ends the wait for a response at the check's deadline
     */
    HttpProbe(SharedHttpClient shared, HttpSettings settings, DomainExpiry domains, RdapSettings rdap,
              CheckDeadlines deadlines) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.domains = Objects.requireNonNull(domains, "domains");
        this.rdap = Objects.requireNonNull(rdap, "rdap");
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        ProbeOutcome.Builder outcome = exchange(context);
        if (context.needs(Placeholder.DOMAIN_EXPIRATION)) {
            // After the exchange, so that it does not count in the response time; usually answered from memory.
            domains.describeTo(outcome, settings.url().getHost(), rdap, context);
        }
        return outcome.build();
    }

    /** Removes the probe's destinations, and so any connection of its checks; the shared client stays up. */
    @Override
    public void close() {
        shared.removeDestinations(tag);
    }

    /** The exchange, as an outcome still open for {@code [DOMAIN_EXPIRATION]}. */
    private ProbeOutcome.Builder exchange(ProbeContext context) throws InterruptedException {
        if (context.remaining().isZero()) {
            return ProbeOutcome.builder().connected(false).error(timedOut(context));
        }
        HttpClient client = shared.started();
        ConnectionTrace trace = new ConnectionTrace(settings.insecure());
        // The scheduler runs one check of a monitor at a time; should two overlap all the same, the second gets a tag
        // (and so destinations) of its own for its duration, so that no connection is ever traced into the wrong check.
        ProbeTag held = tag.claim(trace) ? tag : ProbeTag.heldBy(trace);
        try {
            return exchange(context, client, trace, held);
        } finally {
            held.release(trace);
            if (held != tag) {
                shared.removeDestinations(held);
            }
        }
    }

    private ProbeOutcome.Builder exchange(ProbeContext context, HttpClient client, ConnectionTrace trace, ProbeTag held)
            throws InterruptedException {
        boolean keepBody = context.needs(Placeholder.BODY);
        URI target = settings.url();
        String method = settings.method();
        Optional<String> body = settings.body();
        long startedAt = System.nanoTime();
        for (int redirects = 0; ; redirects++) {
            Request request = newRequest(client, held, trace, target, method, body);
            ResponseCollector collector = new ResponseCollector(keepBody, settings.maxBody(), settings.maxHeaderBytes(),
                    settings.maxHeaderCount());
            Result result = null;
            try {
                ProbeConnector.limitConnectsTo(context.deadlineNanos());
                try {
                    Destination destination = client.resolveDestination(request);
                    held.sentThrough(destination);
                    destination.send(request, collector);
                } finally {
                    ProbeConnector.clearConnectLimit();
                }
                // The check's deadline is kept here, not as Jetty's request timeout: that one is a timer per
                // destination, and with destinations kept it would wake the client's scheduler once per check.
                result = collector.await(context.deadlineNanos(), deadlines);
                if (collector.beganAt() != 0) {
                    trace.requestWritten(collector.beganAt()); // an answer began: the request was written by then
                }
            } catch (TimeoutException e) {
                request.abort(e);
                return failure(trace, startedAt, timedOut(context));
            } catch (InterruptedException e) {
                request.abort(e);
                throw e;
            } finally {
                if (result == null || ResponseCollector.failed(result)) {
                    // A failed or abandoned exchange may leave behind a connection Jetty is still opening, which would
                    // then wait idle in the destination's pool for the next check: remove the destinations, which
                    // closes it, or any that comes later, as every check did before destinations were kept.
                    shared.removeDestinations(held);
                }
            }
            if (ResponseCollector.failed(result)) {
                if (Thread.interrupted()) {
                    // A connect made in this (virtual) thread ends with the channel closed when the check is interrupted.
                    throw new InterruptedException("check of " + target + " interrupted");
                }
                EgressDeniedException.findIn(result.getFailure()).ifPresent(denied -> {
                    throw denied; // the runner records the check as BLOCKED
                });
                return failure(trace, startedAt, describe(result.getFailure(), context));
            }
            Response response = result.getResponse();
            Optional<String> location = Optional.ofNullable(response.getHeaders().get(HttpHeader.LOCATION));
            if (!settings.followRedirects() || !isRedirect(response.getStatus()) || location.isEmpty()) {
                return success(trace, startedAt, response, collector, keepBody);
            }
            if (redirects == settings.maxRedirects()) {
                return failure(trace, startedAt, "too many redirects: got " + response.getStatus() + " after "
                        + redirects + " (max-redirects is " + settings.maxRedirects() + ")");
            }
            Optional<URI> next = resolveRedirect(target, location.get());
            Optional<String> problem = next.isEmpty() ? Optional.of("is not a valid URL")
                    : HttpSettings.targetProblem(next.get());
            if (problem.isPresent()) {
                return failure(trace, startedAt, "cannot follow redirect: '" + location.get() + "' " + problem.get());
            }
            target = next.get();
            if (changesToGet(response.getStatus(), method)) {
                method = "GET";
                body = Optional.empty();
            }
        }
    }

    private Request newRequest(HttpClient client, ProbeTag held, ConnectionTrace trace, URI target, String method,
                               Optional<String> body) {
        boolean sameOrigin = sameOrigin(settings.url(), target);
        Request request = client.newRequest(target)
                .method(method)
                .tag(held)
                .onRequestCommit(committed -> trace.requestWritten(System.nanoTime()))
                .followRedirects(false)
                .headers(headers -> settings.headers().forEach((name, value) -> {
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (!lower.equals("content-type") && (sameOrigin || !CREDENTIAL_HEADERS.contains(lower))) {
                        headers.put(name, value);
                    }
                }));
        body.ifPresent(text -> request.body(new StringRequestContent(
                settings.contentType().orElse(DEFAULT_BODY_TYPE), text, StandardCharsets.UTF_8)));
        return request;
    }

    private static ProbeOutcome.Builder success(ConnectionTrace trace, long startedAt, Response response,
                                                ResponseCollector collector, boolean keepBody) {
        ProbeOutcome.Builder outcome = ProbeOutcome.builder().connected(true).statusCode(response.getStatus());
        trace.describeTo(outcome);
        long from = trace.exchangeStartedAt(startedAt) + trace.clientNanos();
        long beganAt = collector.beganAt() == 0 ? collector.completedAt() : collector.beganAt();
        outcome.phase("firstByte", Duration.ofNanos(beganAt - from))
                .phase("transfer", Duration.ofNanos(collector.completedAt() - beganAt))
                .elapsed(Duration.ofNanos(collector.completedAt() - from));
        response.getHeaders().forEach(field -> outcome.header(field.getName(), field.getValue()));
        if (keepBody) {
            outcome.body(new String(collector.body(), charsetOf(response.getHeaders().get(HttpHeader.CONTENT_TYPE))));
        }
        return outcome;
    }

    private static ProbeOutcome.Builder failure(ConnectionTrace trace, long startedAt, String error) {
        ProbeOutcome.Builder outcome = ProbeOutcome.builder().connected(trace.connected()).error(error);
        trace.describeTo(outcome);
        long from = trace.exchangeStartedAt(startedAt) + trace.clientNanos();
        return outcome.elapsed(Duration.ofNanos(System.nanoTime() - from));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** As browsers do: 303 always turns into GET (HEAD stays HEAD), and 301/302 turn a POST into GET. */
    private static boolean changesToGet(int status, String method) {
        return (status == 303 && !method.equals("HEAD")) || ((status == 301 || status == 302) && method.equals("POST"));
    }

    private static Optional<URI> resolveRedirect(URI base, String location) {
        try {
            return Optional.of(base.resolve(location.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The charset named by a {@code Content-Type} header; UTF-8 when none is named or it is unknown. */
    private static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = trimmed.substring("charset=".length()).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String timedOut(ProbeContext context) {
        return FailureReason.timedOut(context.timeout());
    }

    /**
     * Whether the parser stopped at the client's header limit ({@link SharedHttpClient#MAX_RESPONSE_HEADER_BYTES}):
     * for a response Jetty says so only in words ("Response Header Bytes Too Large", with the response's own status).
     */
    private static boolean isHeaderOverflow(String reason) {
        String lower = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        return lower.contains("header") && lower.contains("too large");
    }

    /**
     * A short, stable reason for a failed exchange. What only Jetty can tell (a cap on the headers reached, a response
     * that is not HTTP) is worded here; everything else goes through {@link FailureReason}, as for every probe.
     */
    private String describe(Throwable failure, ProbeContext context) {
        HttpResponseException invalid = null;
        HttpException parser = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpResponseException response) {
                invalid = response; // its message ends in a dump of the connection: look deeper for the reason first
                continue;
            }
            if (cause instanceof ResponseCollector.HeaderLimitReached) {
                return cause.getMessage();
            }
            if (cause instanceof HttpException http) {
                if (http.getCode() == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 || isHeaderOverflow(http.getReason())) {
                    return "response headers too large: more than " + settings.maxHeaderBytes()
                            + " bytes (max-header-bytes)";
                }
                parser = http; // the parser wraps its own finding ("Bad Response" around "Illegal character"): keep the deepest
                continue;
            }
            if (cause instanceof SocketTimeoutException && !context.remaining().isZero()) {
                return "connect timed out"; // an in-place connect is limited by the check's deadline (ProbeConnector)
            }
            if (cause instanceof EofException) {
                return "connection closed by the server";
            }
        }
        if (parser != null) {
            String reason = parser.getReason() == null ? "" : parser.getReason();
            return "invalid response: " + (reason.isBlank() ? "not HTTP" : FailureReason.clean(reason));
        }
        if (invalid != null) {
            return "invalid response: " + FailureReason.clean(Objects.requireNonNullElse(invalid.getMessage(), "not HTTP"));
        }
        return FailureReason.of(failure, context.timeout());
    }
}
