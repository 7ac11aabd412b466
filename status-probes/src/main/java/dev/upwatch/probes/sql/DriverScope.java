package dev.upwatch.probes.sql;

import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.probes.net.Dialer;
import dev.upwatch.probes.net.PhaseTimer;
import dev.upwatch.probes.net.TlsLayer;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One check's way out for a JDBC driver, while the driver connects on the check's thread. Drivers take their socket
 * factory, TLS factory and host-name verifier as class names and instantiate them themselves, so those classes
 * ({@link CheckedSocketFactory} and the drivers' TLS hooks) cannot be handed an object; they find the scope of the
 * check running on their thread with {@link #current()}. Outside {@link #run} there is none, and they refuse to make
 * any connection.
 *
 * <p>Sockets come from {@link Dialer#connect} (the {@link dev.upwatch.core.probe.ProbeEnvironment}'s, to the checked
 * addresses only, already connected: both drivers skip their own connect for a connected socket), TLS from
 * {@link TlsLayer} (SNI and name verification with the configured server name, trust on the environment's clock).
 * The scope also times the phases the driver runs through ({@code connect}, {@code tls}) and reads the certificate.
 */
public final class DriverScope {
    private static final ThreadLocal<DriverScope> CURRENT = new ThreadLocal<>();

    private final Dialer dialer;
    private final List<CheckedAddress> addresses;
    private final int port;
    private final ProbeContext context;
    private final PhaseTimer timer;
    private final ProbeOutcome.Builder outcome;
    private final Optional<TlsLayer> tls;

    /**
     * @param addresses the checked addresses of the target, tried in turn
     * @param tls       how the driver's TLS is layered, when the monitor asks for TLS
     */
    DriverScope(Dialer dialer, List<CheckedAddress> addresses, int port, ProbeContext context, PhaseTimer timer,
                ProbeOutcome.Builder outcome, Optional<TlsLayer> tls) {
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.addresses = List.copyOf(addresses);
        this.port = port;
        this.context = Objects.requireNonNull(context, "context");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /** A driver's connect, run with this scope current on this thread. */
    @FunctionalInterface
    interface Connect<T> {
        T run() throws SQLException;
    }

    <T> T run(Connect<T> connect) throws SQLException {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a driver scope is already open on this thread");
        }
        CURRENT.set(this);
        try {
            return connect.run();
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * The scope of the check connecting on this thread.
     *
     * @throws IOException when no check is connecting here: the caller must not reach the network
     */
    public static DriverScope current() throws IOException {
        DriverScope scope = CURRENT.get();
        if (scope == null) {
            throw new IOException("no probe check is connecting on this thread: the driver's socket hooks only serve"
                    + " a probe's own connect");
        }
        return scope;
    }

    /** A TCP connection to the first checked address that accepts, through the probe environment. */
    public Socket connect() throws IOException {
        Socket socket = dialer.connect(addresses, port, context, timer, outcome);
        socket.setSoTimeout(millis());
        return socket;
    }

    /** TLS over {@code plain}, not yet handshaken (the driver starts the handshake). */
    public SSLSocket layerTls(Socket plain) throws IOException {
        if (tls.isEmpty()) {
            throw new SSLException("the driver asked for TLS, but the monitor has tls: false");
        }
        return tls.get().layer(plain, port);
    }

    /** The trust managers of the monitor's TLS, for a driver that builds its own TLS context. */
    public TrustManager[] trustManagers() throws SSLException {
        if (tls.isEmpty()) {
            throw new SSLException("the driver asked for TLS, but the monitor has tls: false");
        }
        return tls.get().trustManagers(dialer.environment());
    }

    /** The driver's handshake completed (name already verified by the layer, unless insecure): ends phase {@code tls}. */
    public void handshakeDone(SSLSession session) {
        timer.lap("tls");
        TlsLayer.leafNotAfter(session).ifPresent(outcome::certificateExpiry);
    }

    private int millis() {
        return (int) Math.clamp(context.remaining().toMillis(), 1, Integer.MAX_VALUE);
    }
}
