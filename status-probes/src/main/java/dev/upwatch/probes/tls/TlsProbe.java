package dev.upwatch.probes.tls;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeOutcome;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens a TCP connection to one host and port and completes a TLS handshake on it, on any port (SMTPS, IMAPS, LDAPS,
 * a database's TLS listener ...). {@code [CONNECTED]} is true once the handshake succeeded; the leaf certificate's
 * expiry becomes {@code [CERTIFICATE_EXPIRATION]}. Phases: {@code dns}, {@code connect} (TCP) and {@code tls}
 * (handshake); {@code elapsed} covers all three. Nothing is sent after the handshake.
 */
final class TlsProbe implements Probe {
    private final String host;
    private final int port;
    private final String serverName;
    private final SSLSocketFactory sockets;
    private final boolean verify;

    /**
     * @param serverName the name sent as SNI and, when verifying, checked against the certificate
     * @param sockets    verifying TLS sockets, or trust-everything ones for {@code insecure: true}
     * @param verify     whether the certificate's name is checked ({@code false} for {@code insecure: true})
     */
    TlsProbe(String host, int port, String serverName, SSLSocketFactory sockets, boolean verify) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        this.sockets = Objects.requireNonNull(sockets, "sockets");
        this.verify = verify;
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        long startedAt = System.nanoTime();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            Duration lookup = Duration.ofNanos(System.nanoTime() - startedAt);
            return outcome.phase("dns", lookup).elapsed(lookup).error("unknown host " + host).build();
        }
        long resolvedAt = System.nanoTime();
        outcome.phase("dns", Duration.ofNanos(resolvedAt - startedAt));
        try (Socket plain = new Socket()) {
            // Socket timeouts take whole ms and read 0 as "none", so budgets are rounded up to 1 ms.
            plain.connect(new InetSocketAddress(address, port), millis(context.remaining()));
            long connectedAt = System.nanoTime();
            outcome.ip(address.getHostAddress()).phase("connect", Duration.ofNanos(connectedAt - resolvedAt));
            try (SSLSocket tls = (SSLSocket) sockets.createSocket(plain, serverName, port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                if (verify) {
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                }
                if (!isAddress(serverName)) {
                    parameters.setServerNames(List.of(new SNIHostName(serverName)));
                }
                tls.setSSLParameters(parameters);
                tls.setSoTimeout(millis(context.remaining()));
                try {
                    tls.startHandshake();
                } finally {
                    outcome.phase("tls", Duration.ofNanos(System.nanoTime() - connectedAt));
                }
                leafNotAfter(tls).ifPresent(outcome::certificateExpiry);
                return outcome.connected(true).elapsed(Duration.ofNanos(System.nanoTime() - startedAt)).build();
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                // On a virtual thread an interrupt closes the socket; the runner has given up on this check.
                throw new InterruptedException("check of " + host + ":" + port + " interrupted");
            }
            return outcome.elapsed(Duration.ofNanos(System.nanoTime() - startedAt)).error(describe(e, context)).build();
        }
    }

    private static Optional<java.time.Instant> leafNotAfter(SSLSocket tls) throws SSLException {
        Certificate[] chain = tls.getSession().getPeerCertificates();
        return chain.length > 0 && chain[0] instanceof X509Certificate leaf
                ? Optional.of(leaf.getNotAfter().toInstant()) : Optional.empty();
    }

    private static int millis(Duration remaining) {
        return (int) Math.clamp(remaining.toMillis(), 1, Integer.MAX_VALUE);
    }

    private static boolean isAddress(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static String describe(IOException failure, ProbeContext context) {
        if (failure instanceof SocketTimeoutException) {
            return "timed out after " + DurationText.format(context.timeout());
        }
        if (failure instanceof NoRouteToHostException) {
            return "no route to host";
        }
        String message = Objects.requireNonNullElse(failure.getMessage(), failure.getClass().getSimpleName());
        if (failure instanceof ConnectException) {
            return message.toLowerCase(Locale.ROOT).contains("refused") ? "connection refused"
                    : "connection failed: " + message;
        }
        if (failure instanceof SSLException) {
            return "TLS handshake failed: " + innermostMessage(failure);
        }
        return "connection failed: " + message;
    }

    /** The message of the deepest cause that has one, e.g. "PKIX path building failed ..." for an unknown issuer. */
    private static String innermostMessage(Throwable failure) {
        String message = failure.getClass().getSimpleName();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return message;
    }
}
