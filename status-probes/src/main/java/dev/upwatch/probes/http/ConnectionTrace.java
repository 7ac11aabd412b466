package dev.upwatch.probes.http;

import dev.upwatch.core.model.ProbeOutcome;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What happened beneath HTTP during one check: host lookup, TCP connect and TLS handshake times, the address
 * connected to and the server's certificate.
 *
 * <p>The check holds its probe's {@link ProbeTag} while it runs; {@link TracingAddressResolver} binds the holder's
 * trace into each connection's context ({@link #bind}) as the connection is asked for, and the connection's events
 * ({@link ProbeConnector}, {@link #traced}) find it there. Host lookups are reported by {@link TracingAddressResolver}.
 * Events arrive on Jetty threads; methods are synchronized.
 *
 * <p>With redirects followed, a check may open several connections: phase durations are summed over them, and the
 * address and certificate are those of the last one.
 */
final class ConnectionTrace {
    /** The key of a connection's trace in its Jetty connection context. */
    private static final String CONTEXT_KEY = ConnectionTrace.class.getName();

    private final boolean insecure;
    // Durations in nanoseconds, summed over the connections of the check.
    private long lookupNanos;
    private long connectNanos;
    private long handshakeNanos;
    private boolean looked;
    private boolean connected;
    private boolean handshaken;
    // System.nanoTime() marks of the phase in progress; 0 when none is.
    private long lookupStartedAt;
    private long connectStartedAt;
    private long handshakeStartedAt;
    /** System.nanoTime() when the first host lookup of the check began; 0 before. */
    private long firstLookupAt;
    /** System.nanoTime() when the connecting thread saw the TCP connection up; 0 when not seen or handed over. */
    private long socketConnectedAt;
    /** System.nanoTime() when the newest connection was ready for its request (TCP connected, or TLS done); 0 before. */
    private long readyAt;
    /** System.nanoTime() when the newest connection's request was known to be written; 0 before. */
    private long writtenAt;
    /**
     * Time spent inside the client between the network steps, summed, in ns, except the newest connection's wait from
     * ready to written: from the TCP connect returning to Jetty's connection object on a selector thread, and from a
     * connection being ready to its request being written.
     */
    private long clientNanos;
    private Optional<String> ip = Optional.empty();
    private Optional<Instant> certificateExpiry = Optional.empty();

    ConnectionTrace(boolean insecure) {
        this.insecure = insecure;
    }

    /** The trace a Jetty connection context was bound to ({@link #bind}), when the connection is opened for a check. */
    static Optional<ConnectionTrace> of(Map<String, Object> context) {
        return context.get(CONTEXT_KEY) instanceof ConnectionTrace trace ? Optional.of(trace) : Optional.empty();
    }

    /**
     * Binds a new connection's context to the trace of the check holding its destination's {@link ProbeTag}, once:
     * called as the connection is asked for (its host lookup), which happens inside that check's {@code send}.
     */
    static Optional<ConnectionTrace> bind(Map<String, Object> context) {
        Optional<ConnectionTrace> bound = of(context);
        if (bound.isPresent()) {
            return bound;
        }
        Optional<ConnectionTrace> holder = context.get(Destination.CONTEXT_KEY) instanceof Destination destination
                && destination.getOrigin().getTag() instanceof ProbeTag tag ? tag.holder() : Optional.empty();
        holder.ifPresent(trace -> context.put(CONTEXT_KEY, trace));
        return holder;
    }

    /** Wraps a new connection's factory so that its trace, if the connection has one, sees it come up. */
    static ClientConnectionFactory traced(ClientConnectionFactory factory) {
        return new Traced(factory);
    }

    /** Whether this check skips TLS verification. */
    boolean insecure() {
        return insecure;
    }

    synchronized void lookupStarted() {
        lookupStartedAt = System.nanoTime();
        if (firstLookupAt == 0) {
            firstLookupAt = lookupStartedAt;
        }
    }

    /**
     * When the exchange really began on the network side: the start of the check's first host lookup
     * ({@link System#nanoTime()}), or {@code fallback} when no lookup started. Work Jetty does before it (creating
     * the destination and its connection pool, queueing the request) is client bookkeeping, not response time.
     */
    synchronized long exchangeStartedAt(long fallback) {
        return firstLookupAt != 0 ? firstLookupAt : fallback;
    }

    /** The host name resolved: the lookup ends and the TCP connect begins. */
    synchronized void lookupSucceeded() {
        long now = System.nanoTime();
        lookupNanos += now - lookupStartedAt;
        looked = true;
        lookupStartedAt = 0;
        connectStartedAt = now;
    }

    synchronized void lookupFailed() {
        lookupNanos += System.nanoTime() - lookupStartedAt;
        looked = true;
        lookupStartedAt = 0;
    }

    /** The TCP connect returned on the thread that made it (see {@link ProbeConnector}): the connect phase ends. */
    synchronized void socketConnected() {
        long now = System.nanoTime();
        if (connectStartedAt != 0) {
            connectNanos += now - connectStartedAt;
            connectStartedAt = 0;
        }
        socketConnectedAt = now;
    }

    /** The connection to {@code remote} is up and Jetty has made its connection object (on a selector thread). */
    synchronized void tcpConnected(SocketAddress remote) {
        long now = System.nanoTime();
        if (socketConnectedAt != 0) {
            clientNanos += now - socketConnectedAt;
            socketConnectedAt = 0;
        } else if (connectStartedAt != 0) {
            connectNanos += now - connectStartedAt;
            connectStartedAt = 0;
        }
        connected = true;
        if (remote instanceof InetSocketAddress address && address.getAddress() != null) {
            ip = Optional.of(address.getAddress().getHostAddress());
        }
        handshakeStartedAt = now;
        clientNanos += readyToWritten();
        readyAt = now;
        writtenAt = 0;
    }

    private synchronized void handshakeEnded(Optional<Instant> notAfter) {
        long now = System.nanoTime();
        if (handshakeStartedAt != 0) {
            handshakeNanos += now - handshakeStartedAt;
            handshakeStartedAt = 0;
        }
        readyAt = now;
        handshaken = true;
        notAfter.ifPresent(instant -> certificateExpiry = Optional.of(instant));
    }

    /**
     * The newest connection's request was written by {@code at} ({@link System#nanoTime()}): told when Jetty reports
     * the request committed and when the answer begins, whichever comes first counts (the commit may be reported after
     * a fast answer has begun).
     */
    synchronized void requestWritten(long at) {
        if (readyAt != 0 && (writtenAt == 0 || at - writtenAt < 0)) {
            writtenAt = at;
        }
    }

    private long readyToWritten() {
        return readyAt != 0 && writtenAt != 0 ? Math.max(0, writtenAt - readyAt) : 0;
    }

    /**
     * Time the check spent inside the HTTP client between network steps, in ns: Jetty handing a new connection from
     * the connecting thread to a selector thread, then queueing, generating and writing the request on it. The server
     * has nothing to answer yet in that time, so the probe leaves it out of the response time (curl spends
     * 0.02–0.06 ms there; Jetty 0.5–2 ms).
     */
    synchronized long clientNanos() {
        return clientNanos + readyToWritten();
    }

    /** Whether a TCP connection was established during the check. */
    synchronized boolean connected() {
        return connected;
    }

    /** Adds the phases ({@code dns}, {@code connect}, {@code tls}), the address and the certificate expiry seen so far. */
    synchronized void describeTo(ProbeOutcome.Builder outcome) {
        if (looked) {
            outcome.phase("dns", Duration.ofNanos(lookupNanos));
        }
        if (connected) {
            outcome.phase("connect", Duration.ofNanos(connectNanos));
        }
        if (handshaken) {
            outcome.phase("tls", Duration.ofNanos(handshakeNanos));
        }
        ip.ifPresent(outcome::ip);
        certificateExpiry.ifPresent(outcome::certificateExpiry);
    }

    /** Wraps a connection's factory; Jetty calls it once the TCP connection to the server is up. */
    private static final class Traced implements ClientConnectionFactory {
        private final ClientConnectionFactory delegate;

        Traced(ClientConnectionFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection newConnection(EndPoint endPoint, Map<String, Object> context) throws IOException {
            Optional<ConnectionTrace> trace = of(context);
            trace.ifPresent(found -> found.tcpConnected(endPoint.getRemoteSocketAddress()));
            Connection connection = delegate.newConnection(endPoint, context);
            if (trace.isPresent() && connection instanceof SslConnection tls) {
                tls.addHandshakeListener(new HandshakeTimer(trace.get()));
            }
            return connection;
        }
    }

    /** Ends the {@code tls} phase and reads the leaf certificate's expiry once the handshake completes. */
    private static final class HandshakeTimer implements SslHandshakeListener {
        private final ConnectionTrace trace;

        HandshakeTimer(ConnectionTrace trace) {
            this.trace = trace;
        }

        @Override
        public void handshakeSucceeded(Event event) {
            trace.handshakeEnded(leafNotAfter(event));
        }

        @Override
        public void handshakeFailed(Event event, Throwable failure) {
            trace.handshakeEnded(Optional.empty());
        }

        private static Optional<Instant> leafNotAfter(Event event) {
            try {
                Certificate[] chain = event.getSSLEngine().getSession().getPeerCertificates();
                return chain.length > 0 && chain[0] instanceof X509Certificate leaf
                        ? Optional.of(leaf.getNotAfter().toInstant()) : Optional.empty();
            } catch (SSLPeerUnverifiedException e) {
                return Optional.empty();
            }
        }
    }
}
