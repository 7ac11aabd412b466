package dev.upwatch.probes.grpc;

import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.EgressDeniedException;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.probes.net.Dialer;
import dev.upwatch.probes.net.Endpoint;
import dev.upwatch.probes.net.PhaseTimer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One gRPC health check: a new HTTP/2 connection (h2c with prior knowledge, or h2 negotiated by ALPN over TLS), one
 * {@code grpc.health.v1.Health/Check} call, and the connection closed again. {@code [GRPC_STATUS]} is the serving
 * status ({@code SERVING}, {@code NOT_SERVING}, {@code UNKNOWN}, {@code SERVICE_UNKNOWN}), {@code [STATUS]} the gRPC
 * status code of the call (0 is OK; 5, NOT_FOUND, for a service the server does not know; 12, UNIMPLEMENTED, for a
 * server without the health service), {@code [CERTIFICATE_EXPIRATION]} the server certificate's with TLS, and
 * {@code [CONNECTED]} true when the call returned a serving status. Phases: {@code dns}, {@code connect} (TCP, TLS and
 * the HTTP/2 preface) and {@code rpc} (the call).
 *
 * <p>The host is resolved through the environment and the client connects to the checked address, named by the
 * configured server name (an {@link InetAddress} carrying both, so the name goes into SNI and the certificate check
 * while the address is the one the policy allowed, and the client's connector confirms it again).
 */
final class GrpcProbe implements Probe {
    static final String PATH = "/grpc.health.v1.Health/Check";

    private final Dialer dialer;
    private final SharedHttp2Client client;
    private final Endpoint endpoint;
    private final String service;
    private final boolean tls;
    private final String serverName;
    private final boolean insecure;
    private final Map<String, String> metadata;

    GrpcProbe(ProbeEnvironment environment, SharedHttp2Client client, Endpoint endpoint, String service, boolean tls,
              String serverName, boolean insecure, Map<String, String> metadata) {
        this.dialer = new Dialer(environment);
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.service = Objects.requireNonNull(service, "service");
        this.tls = tls;
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        this.insecure = insecure;
        this.metadata = Map.copyOf(metadata);
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        PhaseTimer timer = PhaseTimer.start();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        CheckedAddress address;
        InetSocketAddress target;
        try {
            address = dialer.resolve(endpoint, timer).get(0);
            // The checked address, carrying the server name without a lookup: Jetty takes SNI and the certificate
            // check from the name, and connects to the address.
            target = new InetSocketAddress(InetAddress.getByAddress(serverName, address.address().getAddress()),
                    endpoint.port());
        } catch (UnknownHostException e) {
            return timer.describeTo(outcome).error(FailureReason.of(e, context.timeout())).build();
        }
        CompletableFuture<Session> opening = new CompletableFuture<>();
        client.started().connect(Transport.TCP_IP, tls ? client.tls(insecure) : null, target, new Session.Listener() {
        }, Promise.from(opening), new HashMap<>());
        Session session;
        try {
            session = await(opening, context);
        } catch (ExecutionException | TimeoutException e) {
            return failed(e, opening, context, timer, outcome);
        }
        try {
            timer.lap("connect");
            outcome.ip(address.hostAddress());
            certificate(session, outcome);
            HealthCall call = new HealthCall();
            CompletableFuture<Stream> opened = session.newStream(new HeadersFrame(request(context), null, false), call);
            Stream stream;
            try {
                stream = await(opened, context);
                stream.data(new DataFrame(stream.getId(), HealthMessages.request(service), true), Callback.NOOP);
                return answered(await(call.answer(), context), timer, outcome);
            } catch (ExecutionException | TimeoutException e) {
                return failed(e, call.answer(), context, timer, outcome);
            }
        } finally {
            session.close(ErrorCode.NO_ERROR.code, "check done", Callback.NOOP);
        }
    }

    private MetaData.Request request(ProbeContext context) {
        HttpFields.Mutable fields = HttpFields.build()
                .put(HttpHeader.CONTENT_TYPE, "application/grpc")
                .put(HttpHeader.TE, "trailers")
                .put(HttpHeader.USER_AGENT, "Upwatch")
                // The deadline in ms (at most 8 digits, as the gRPC wire format allows).
                .put("grpc-timeout", Math.clamp(context.remaining().toMillis(), 1, 99_999_999) + "m");
        metadata.forEach(fields::put);
        HttpURI uri = HttpURI.build().scheme(tls ? "https" : "http").host(serverName).port(endpoint.port()).path(PATH);
        return new MetaData.Request("POST", uri, HttpVersion.HTTP_2, fields);
    }

    private ProbeOutcome answered(HealthCall.Answer answer, PhaseTimer timer, ProbeOutcome.Builder outcome) {
        timer.lap("rpc");
        timer.describeTo(outcome);
        if (answer.httpStatus() != 200) {
            outcome.statusCode(answer.httpStatus());
            return outcome.error("HTTP " + answer.httpStatus() + " instead of a gRPC answer").build();
        }
        if (answer.grpcStatus().isEmpty()) {
            return outcome.error("no grpc-status in the answer").build();
        }
        int code = answer.grpcStatus().getAsInt();
        outcome.statusCode(code);
        if (code != 0) {
            return outcome.error("grpc-status " + code + " (" + HealthMessages.grpcStatusName(code) + ")"
                    + answer.grpcMessage().filter(m -> !m.isBlank()).map(m -> ": " + FailureReason.clean(m)).orElse(""))
                    .build();
        }
        try {
            return outcome.grpcStatus(HealthMessages.servingStatus(answer.message())).connected(true).build();
        } catch (ProtocolException e) {
            return outcome.error("not a health answer: " + e.getMessage()).build();
        }
    }

    private ProbeOutcome failed(Exception failure, Future<?> pending, ProbeContext context, PhaseTimer timer,
                                ProbeOutcome.Builder outcome) throws InterruptedException {
        pending.cancel(true);
        Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
        EgressDeniedException.findIn(cause).ifPresent(denied -> {
            throw denied; // the runner records the check as BLOCKED
        });
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("check of " + endpoint + " interrupted");
        }
        return timer.describeTo(outcome).error(FailureReason.of(cause, context.timeout())).build();
    }

    private static <T> T await(CompletableFuture<T> future, ProbeContext context)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return future.get(Math.max(0, context.remaining().toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }

    private static void certificate(Session session, ProbeOutcome.Builder outcome) {
        if (session instanceof HTTP2Session http2) {
            EndPoint.SslSessionData tlsData = http2.getEndPoint().getSslSessionData();
            if (tlsData != null && tlsData.peerCertificates() != null && tlsData.peerCertificates().length > 0) {
                X509Certificate leaf = tlsData.peerCertificates()[0];
                outcome.certificateExpiry(leaf.getNotAfter().toInstant());
            }
        }
    }
}
