package dev.upwatch.probes.websocket;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.probe.EgressDeniedException;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.model.ProbeOutcome;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One WebSocket check: the upgrade (RFC 6455), then optionally one text message sent, then the first message back
 * (when a message was sent or a condition reads {@code [BODY]}), then a normal close. {@code [CONNECTED]} is true when
 * the upgrade succeeded and any reply waited for came; {@code [STATUS]} is the upgrade's HTTP status (101, or what the
 * server answered instead); {@code [BODY]} the reply (a binary one decoded as UTF-8); {@code [IP]} the address
 * connected to.
 *
 * <p>Phases: {@code connect} (host lookup, TCP and TLS, until the upgrade request is sent), {@code upgrade} (until the
 * 101 answer) and {@code reply} (from sending the message, or from the upgrade, to the first message back); the
 * response time is their sum. The Jetty client resolves and connects through the probe environment (see
 * {@link SharedWebSocketClient}).
 */
final class WebSocketProbe implements Probe {
    /** How long past the deadline the probe waits for Jetty to report its own time-out, in ms. */
    private static final long GRACE_MILLIS = 250;

    private final SharedWebSocketClient client;
    private final URI url;
    private final Optional<String> send;
    private final Map<String, String> headers;
    private final List<String> subprotocols;
    private final int maxMessage;

    WebSocketProbe(SharedWebSocketClient client, URI url, Optional<String> send, Map<String, String> headers,
                   List<String> subprotocols, int maxMessage) {
        this.client = Objects.requireNonNull(client, "client");
        this.url = Objects.requireNonNull(url, "url");
        this.send = Objects.requireNonNull(send, "send");
        this.headers = Map.copyOf(headers);
        this.subprotocols = List.copyOf(subprotocols);
        this.maxMessage = maxMessage;
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        long startedAt = System.nanoTime();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        Handshake handshake = new Handshake();
        FirstMessage reply = new FirstMessage(maxMessage);
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        headers.forEach(request::setHeader);
        if (!subprotocols.isEmpty()) {
            request.setSubProtocols(subprotocols);
        }
        request.setTimeout(Math.max(1, context.remaining().toMillis()), TimeUnit.MILLISECONDS);
        CompletableFuture<Session> opening;
        try {
            opening = client.started().connect(reply, url, request, handshake);
        } catch (IOException e) {
            return failure(outcome, startedAt, FailureReason.of(e, context.timeout()));
        }
        Session session;
        try {
            session = opening.get(context.remaining().toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            opening.cancel(true);
            return failure(handshake.describeTo(outcome, startedAt), startedAt, FailureReason.timedOut(context.timeout()));
        } catch (InterruptedException e) {
            opening.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            EgressDeniedException.findIn(e.getCause()).ifPresent(denied -> {
                throw denied; // the runner records the check as BLOCKED
            });
            handshake.describeTo(outcome, startedAt);
            if (e.getCause() instanceof UpgradeException refused && refused.getResponseStatusCode() > 0) {
                outcome.statusCode(refused.getResponseStatusCode());
                return failure(outcome, startedAt, "upgrade refused: HTTP " + refused.getResponseStatusCode());
            }
            return failure(outcome, startedAt, FailureReason.of(e.getCause(), context.timeout()));
        }
        try {
            handshake.describeTo(outcome, startedAt).statusCode(101);
            if (session.getRemoteSocketAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
                outcome.ip(remote.getAddress().getHostAddress());
            }
            long waitFrom = handshake.upgradedAt(startedAt);
            if (send.isPresent()) {
                waitFrom = System.nanoTime();
                session.sendText(send.get(), Callback.NOOP);
            }
            if (send.isPresent() || context.needs(Placeholder.BODY)) {
                Optional<String> message = reply.await(context);
                long repliedAt = System.nanoTime();
                outcome.phase("reply", Duration.ofNanos(repliedAt - waitFrom))
                        .elapsed(Duration.ofNanos(repliedAt - startedAt));
                if (message.isEmpty()) {
                    return outcome.error(reply.failure(context.timeout())
                            .orElse("no reply: " + FailureReason.timedOut(context.timeout()))).build();
                }
                if (context.needs(Placeholder.BODY)) {
                    outcome.body(message.get());
                }
            } else {
                outcome.elapsed(Duration.ofNanos(handshake.upgradedAt(startedAt) - startedAt));
            }
            return outcome.connected(true).build();
        } finally {
            session.close(StatusCode.NORMAL, "check done", Callback.NOOP);
        }
    }

    private static ProbeOutcome failure(ProbeOutcome.Builder outcome, long startedAt, String error) {
        return outcome.elapsed(Duration.ofNanos(System.nanoTime() - startedAt)).error(error).build();
    }

    /** When the connection was ready (the upgrade request sent) and when the 101 came, told by Jetty. */
    private static final class Handshake implements JettyUpgradeListener {
        private volatile long requestedAt;
        private volatile long upgradedAt;

        @Override
        public void onHandshakeRequest(Request request) {
            requestedAt = System.nanoTime();
        }

        @Override
        public void onHandshakeResponse(Request request, Response response) {
            upgradedAt = System.nanoTime();
        }

        long upgradedAt(long fallback) {
            return upgradedAt != 0 ? upgradedAt : fallback;
        }

        /** Adds {@code connect} and {@code upgrade}, as far as they got. */
        ProbeOutcome.Builder describeTo(ProbeOutcome.Builder outcome, long startedAt) {
            long requested = requestedAt;
            long upgraded = upgradedAt;
            if (requested != 0) {
                outcome.phase("connect", Duration.ofNanos(requested - startedAt));
                if (upgraded != 0) {
                    outcome.phase("upgrade", Duration.ofNanos(upgraded - requested));
                }
            }
            return outcome;
        }
    }
}
