package dev.upwatch.probes.tls;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.probes.net.Endpoint;
import dev.upwatch.probes.net.TlsLayer;
import dev.upwatch.probes.rdap.DomainExpiry;
import dev.upwatch.probes.rdap.RdapSettings;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens a TCP connection to one host and port and completes a TLS handshake on it, on any port (SMTPS, IMAPS, LDAPS,
 * a database's TLS listener ...). {@code [CONNECTED]} is true once the handshake succeeded; the leaf certificate's
 * expiry becomes {@code [CERTIFICATE_EXPIRATION]}. Phases: {@code dns}, {@code connect} (TCP) and {@code tls}
 * (handshake); {@code elapsed} covers all three. Nothing is sent after the handshake. The host is resolved and the
 * TCP connection opened only through the {@link ProbeEnvironment}, so the egress policy judges the address first.
 */
final class TlsProbe implements Probe {
    private final ProbeEnvironment environment;
    private final Endpoint endpoint;
    private final TlsLayer tls;
    private final DomainExpiry domains;
    private final RdapSettings rdap;

    /**
     * @param tls     the server name (SNI, verified unless insecure) and trust of the handshake
     * @param domains looks up {@code [DOMAIN_EXPIRATION]} of the host when a condition reads it
     */
    TlsProbe(ProbeEnvironment environment, Endpoint endpoint, TlsLayer tls, DomainExpiry domains, RdapSettings rdap) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.domains = Objects.requireNonNull(domains, "domains");
        this.rdap = Objects.requireNonNull(rdap, "rdap");
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        ProbeOutcome.Builder outcome = handshake(context);
        if (context.needs(Placeholder.DOMAIN_EXPIRATION)) {
            domains.describeTo(outcome, endpoint.host(), rdap, context);
        }
        return outcome.build();
    }

    private ProbeOutcome.Builder handshake(ProbeContext context) throws InterruptedException {
        long startedAt = System.nanoTime();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        CheckedAddress address;
        try {
            address = environment.resolve(endpoint.host()).get(0); // a refused address throws: the check is BLOCKED
        } catch (UnknownHostException e) {
            Duration lookup = Duration.ofNanos(System.nanoTime() - startedAt);
            return outcome.phase("dns", lookup).elapsed(lookup).error("unknown host " + endpoint.host());
        }
        long resolvedAt = System.nanoTime();
        outcome.phase("dns", Duration.ofNanos(resolvedAt - startedAt));
        try (Socket plain = environment.connect(address, endpoint.port(), context.remaining())) {
            long connectedAt = System.nanoTime();
            outcome.ip(address.hostAddress()).phase("connect", Duration.ofNanos(connectedAt - resolvedAt));
            SSLSocket secured;
            try {
                secured = tls.handshake(plain, endpoint.port(), context.remaining());
            } finally {
                outcome.phase("tls", Duration.ofNanos(System.nanoTime() - connectedAt));
            }
            try (secured) {
                TlsLayer.leafNotAfter(secured.getSession()).ifPresent(outcome::certificateExpiry);
                return outcome.connected(true).elapsed(Duration.ofNanos(System.nanoTime() - startedAt));
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                // On a virtual thread an interrupt closes the socket; the runner has given up on this check.
                throw new InterruptedException("check of " + endpoint + " interrupted");
            }
            return outcome.elapsed(Duration.ofNanos(System.nanoTime() - startedAt)).error(describe(e, context));
        }
    }

    /** Why the connection or handshake failed; an expired certificate reads "certificate expired on 2026-11-20". */
    private static String describe(IOException failure, ProbeContext context) {
        return FailureReason.of(failure, context.timeout());
    }
}
