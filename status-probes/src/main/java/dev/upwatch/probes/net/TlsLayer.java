package dev.upwatch.probes.net;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeSettings;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS over a socket the probe environment connected: the client side of every probe that speaks TLS on a plain socket
 * ({@code tls}, STARTTLS and implicit TLS of {@code smtp} and {@code imap}, {@code redis}, the database drivers). It
 * sends {@code serverName} as SNI and, unless {@code insecure}, verifies the chain against the JDK's roots (expiry
 * first, on the environment's clock: {@link VerifyingTls}) and the name against the certificate (HTTPS rules). The
 * socket underneath was connected through {@link ProbeEnvironment#connect}, so the address is the one the policy
 * checked whatever name the certificate is checked against.
 */
public final class TlsLayer {
    private static final SSLContext TRUST_EVERYTHING = trustEverything();

    private final SSLContext context;
    private final String serverName;
    private final boolean verify;

    private TlsLayer(SSLContext context, String serverName, boolean verify) {
        this.context = Objects.requireNonNull(context, "context");
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        this.verify = verify;
    }

    /**
     * @param serverName the name sent as SNI (unless it is an address) and, when verifying, checked against the
     *                   certificate
     * @param insecure   accept any certificate chain and name (the certificate's expiry is still read)
     */
    public static TlsLayer of(ProbeEnvironment environment, String serverName, boolean insecure) {
        return new TlsLayer(insecure ? TRUST_EVERYTHING : VerifyingTls.of(environment), serverName, !insecure);
    }

    /**
     * The TLS a monitor's settings ask for: {@code server-name} (default {@code host}) and {@code insecure} (false),
     * which make sense only when TLS is {@code enabled} (else naming either is an error).
     *
     * @param enabled whether the monitor's connection uses TLS at all
     */
    public static Optional<TlsLayer> fromSettings(ProbeSettings settings, ProbeEnvironment environment, String host,
                                                  boolean enabled) {
        Optional<String> serverName = settings.string("server-name");
        boolean insecure = settings.bool("insecure", false);
        if (!enabled) {
            if (serverName.isPresent() || insecure) {
                throw new InvalidSettingException(serverName.isPresent() ? "server-name" : "insecure",
                        "applies only with TLS");
            }
            return Optional.empty();
        }
        return Optional.of(of(environment, Endpoint.hostName(serverName.orElse(host), "server-name"), insecure));
    }

    /** The name sent as SNI and verified. */
    public String serverName() {
        return serverName;
    }

    /** The trust managers behind this layer (a driver that builds its own TLS context takes these). */
    public TrustManager[] trustManagers(ProbeEnvironment environment) {
        return verify ? VerifyingTls.trustManagers(environment) : new TrustManager[] {TrustEverything.INSTANCE};
    }

    /**
     * Layers TLS over {@code plain} without starting the handshake: SNI and, when verifying, endpoint identification
     * are set, so the handshake (whoever starts it) fails for a certificate of another name.
     *
     * @param port the server's port (for session resumption only)
     */
    public SSLSocket layer(Socket plain, int port) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, serverName, port, true);
        tls.setUseClientMode(true);
        SSLParameters parameters = tls.getSSLParameters();
        if (verify) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isAddress(serverName)) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        tls.setSSLParameters(parameters);
        return tls;
    }

    /**
     * Layers TLS over {@code plain} and completes the handshake within {@code timeout}.
     *
     * @return the secured socket; closing it closes {@code plain}
     */
    public SSLSocket handshake(Socket plain, int port, Duration timeout) throws IOException {
        SSLSocket tls = layer(plain, port);
        try {
            tls.setSoTimeout(millis(timeout));
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            tls.close();
            throw e;
        }
    }

    /**
     * {@link #handshake(Socket, int, Duration)} as one phase of a check: {@code tls} ends when it does (also when it
     * fails), and the server certificate's expiry goes into {@code outcome}.
     */
    public SSLSocket handshake(Socket plain, int port, ProbeContext context, PhaseTimer timer,
                               ProbeOutcome.Builder outcome) throws IOException {
        try {
            SSLSocket secured = handshake(plain, port, context.remaining());
            leafNotAfter(secured.getSession()).ifPresent(outcome::certificateExpiry);
            return secured;
        } finally {
            timer.lap("tls");
        }
    }

    /** The {@code notAfter} of the server's own certificate in {@code session}, if it sent one. */
    public static Optional<Instant> leafNotAfter(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf
                    ? Optional.of(leaf.getNotAfter().toInstant()) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** Socket timeouts take whole ms and read 0 as "none", so budgets are rounded up to 1 ms. */
    static int millis(Duration timeout) {
        return Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
    }

    /** An IP literal, which SNI must not carry. */
    private static boolean isAddress(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static SSLContext trustEverything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {TrustEverything.INSTANCE}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not set up TLS without verification: " + e.getMessage(), e);
        }
    }

    /** Accepts any certificate chain; names go unchecked because no endpoint identification is asked for. */
    private enum TrustEverything implements X509TrustManager {
        INSTANCE;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
