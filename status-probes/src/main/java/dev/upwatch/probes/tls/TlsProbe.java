package dev.upwatch.probes.tls;

import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeOutcome;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens a TCP connection to one host and port and completes a TLS handshake on it, on any port (SMTPS, IMAPS, LDAPS,
 * a database's TLS listener ...). {@code [CONNECTED]} is true once the handshake succeeded; the leaf certificate's
 * expiry becomes {@code [CERTIFICATE_EXPIRATION]}. Phases: {@code dns}, {@code connect} (TCP) and {@code tls}
 * (handshake); {@code elapsed} covers all three. Nothing is sent after the handshake. The host is resolved and the
 * TCP connection opened only through the {@link ProbeEnvironment}, so the egress policy judges the address first.
 */
final class TlsProbe implements Probe {
    private final ProbeEnvironment environment;
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
    TlsProbe(ProbeEnvironment environment, String host, int port, String serverName, SSLSocketFactory sockets,
             boolean verify) {
        this.environment = Objects.requireNonNull(environment, "environment");
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
        CheckedAddress address;
        try {
            address = environment.resolve(host).get(0); // a refused address throws: the check is BLOCKED
        } catch (UnknownHostException e) {
            Duration lookup = Duration.ofNanos(System.nanoTime() - startedAt);
            return outcome.phase("dns", lookup).elapsed(lookup).error("unknown host " + host).build();
        }
        long resolvedAt = System.nanoTime();
        outcome.phase("dns", Duration.ofNanos(resolvedAt - startedAt));
        try (Socket plain = environment.connect(address, port, context.remaining())) {
            long connectedAt = System.nanoTime();
            outcome.ip(address.hostAddress()).phase("connect", Duration.ofNanos(connectedAt - resolvedAt));
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

    /** Socket timeouts take whole ms and read 0 as "none", so budgets are rounded up to 1 ms. */
    private static int millis(Duration remaining) {
        return Math.clamp(remaining.toMillis(), 1, Integer.MAX_VALUE);
    }

    private static boolean isAddress(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    /** Why the connection or handshake failed; an expired certificate reads "certificate expired on 2026-11-20". */
    private static String describe(IOException failure, ProbeContext context) {
        return FailureReason.of(failure, context.timeout());
    }
}
