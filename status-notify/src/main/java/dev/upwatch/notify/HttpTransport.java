package dev.upwatch.notify;

import dev.upwatch.core.probe.EgressDeniedException;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.NameResolver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * POSTs the rendered body with the JDK client and judges the answer: 2xx delivered; 410 gone; 408, 429, 5xx, timeouts
 * and I/O errors worth a retry (after {@code Retry-After}, or the wait the channel type's 429 body names); redirects
 * (not followed) and other statuses given up. An address the egress policy refuses is given up without connecting.
 */
final class HttpTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(WebhookNotifier.class.getName());
    private static final String USER_AGENT = "Upwatch-Notifier/1";
    /** At most this much of a 429 answer's body is read, for the channel type's own wait field. */
    private static final int BODY_PEEK_BYTES = 4096;
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");

    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;
    private final EgressPolicy egress;

    /**
     * @param clock    reads HTTP-date {@code Retry-After} headers
     * @param timeout  deadline of one attempt: connect, send and receive the answer's head
     * @param executor runs the client's work and its callbacks
     */
    /** @param egress which addresses may be sent to; a refused one is given up without connecting */
    HttpTransport(Clock clock, Duration timeout, Executor executor, EgressPolicy egress) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.egress = Objects.requireNonNull(egress, "egress");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Objects.requireNonNull(executor, "executor"))
                .build();
    }

    @Override
    public CompletableFuture<AttemptResult> send(Attempt attempt) {
        return exchange(attempt, false).thenApply(Answered::result);
    }

    /** Like {@link #send}, reading the first KiB of every answer's body too. */
    @Override
    public CompletableFuture<Answered> trial(Attempt attempt) {
        return exchange(attempt, true);
    }

    private CompletableFuture<Answered> exchange(Attempt attempt, boolean readAnswer) {
        ChannelProvider channel = attempt.channel();
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(channel.target())
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(attempt.body()));
            channel.headers(attempt.messageId(), attempt.body(), attempt.at()).forEach(builder::header);
            request = builder.build();
        } catch (RuntimeException e) {
            // A request the client refuses will not improve with retries.
            LOG.log(System.Logger.Level.ERROR, "cannot send " + attempt.messageId() + " to " + channel.describe(), e);
            return CompletableFuture.completedFuture(new Answered(new AttemptResult.Dead(OptionalInt.empty(),
                    e.toString()), ""));
        }
        Optional<String> blocked = egressProblem(request.uri().getHost());
        if (blocked.isPresent()) {
            // A denied address is the deployment's decision; retrying would not change it.
            return CompletableFuture.completedFuture(new Answered(new AttemptResult.Dead(OptionalInt.empty(),
                    blocked.get()), ""));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        return new Answered(new AttemptResult.RetryAfter(OptionalInt.empty(),
                                Transport.describe(error, timeout), Optional.empty()), "");
                    }
                    String body = readAnswer || response.statusCode() == 429 ? peek(response.body())
                            : discard(response.body());
                    return new Answered(judge(attempt, response, body), readAnswer ? body : "");
                });
    }

    /** What the answer means for the message, given the first KiB of its body ({@code peek}; read for a 429). */
    private AttemptResult judge(Attempt attempt, HttpResponse<InputStream> response, String peek) {
        int status = response.statusCode();
        OptionalInt code = OptionalInt.of(status);
        int number = attempt.number();
        if (status >= 200 && status < 300) {
            return new AttemptResult.Delivered(code);
        }
        if (status == 410) {
            return new AttemptResult.Gone(code, "HTTP 410 Gone on attempt " + number
                    + ": the channel is disabled until its url changes");
        }
        if (status == 408 || status == 429 || status >= 500) {
            Optional<Duration> wait = retryAfter(response, clock.instant());
            if (wait.isEmpty() && status == 429) {
                wait = attempt.channel().retryAfter(peek);
            }
            return new AttemptResult.RetryAfter(code, "HTTP " + status, wait);
        }
        if (status >= 300 && status < 400) {
            return new AttemptResult.Dead(code, "HTTP " + status + " on attempt " + number
                    + "; redirects are not followed, configure the final URL");
        }
        return new AttemptResult.Dead(code, "HTTP " + status + " on attempt " + number
                + "; the receiver rejected it, not retrying");
    }

    /**
     * Why the {@link EgressPolicy} forbids sending to {@code host}; empty when it allows it or the name does not
     * resolve (the HTTP client then reports that). The JDK client looks the name up again when it connects, so a
     * DNS answer that changes in between is not caught here (probes, on Jetty, do not have this gap).
     */
    private Optional<String> egressProblem(String host) {
        try {
            egress.resolve(host, NameResolver.system());
            return Optional.empty();
        } catch (EgressDeniedException e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The wait a {@code Retry-After} header asks for: delay-seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HttpResponse<?> response, Instant now) {
        return response.headers().firstValue("Retry-After").flatMap(value -> parseRetryAfter(value, now));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String text = value.trim();
        if (SECONDS.matcher(text).matches()) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The first few KiB of a body as text; the rest is not read. */
    private static String peek(InputStream body) {
        try (body) {
            return new String(body.readNBytes(BODY_PEEK_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Closes the body unread (only the status matters), which also frees the connection. */
    private static String discard(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // nothing to free beyond what close attempted
        }
        return "";
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
