package dev.upwatch.probes.net;

import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * Opens a check's TCP connection through the probe environment: resolves the host (phase {@code dns}), then connects to
 * the allowed addresses in turn until one accepts (phase {@code connect}, summed over the addresses tried), and records
 * the address connected to as {@code [IP]}. A refused address ends the check as {@code BLOCKED} (the environment's
 * {@link dev.upwatch.core.probe.EgressDeniedException} propagates).
 */
public final class Dialer {
    private final ProbeEnvironment environment;

    public Dialer(ProbeEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The environment connections are made through. */
    public ProbeEnvironment environment() {
        return environment;
    }

    /**
     * Resolves and connects within the check's remaining time.
     *
     * @throws UnknownHostException when the name does not resolve (its message is the host)
     * @throws IOException          the last address's connect failure
     */
    public Socket dial(Endpoint endpoint, ProbeContext context, PhaseTimer timer, ProbeOutcome.Builder outcome)
            throws IOException {
        return connect(resolve(endpoint, timer), endpoint.port(), context, timer, outcome);
    }

    /**
     * Resolves the endpoint's host through the environment (phase {@code dns}).
     *
     * @return the allowed addresses, never empty
     * @throws UnknownHostException when the name does not resolve (its message is the host)
     */
    public List<CheckedAddress> resolve(Endpoint endpoint, PhaseTimer timer) throws UnknownHostException {
        try {
            return environment.resolve(endpoint.host());
        } catch (UnknownHostException e) {
            throw new UnknownHostException(endpoint.host()); // "unknown host <host>" by FailureReason
        } finally {
            timer.lap("dns");
        }
    }

    /**
     * Connects to {@code addresses} in turn until one accepts (phase {@code connect}), and records it as {@code [IP]}.
     *
     * @throws IOException the last address's connect failure, or a time-out when no time was left
     */
    public Socket connect(List<CheckedAddress> addresses, int port, ProbeContext context, PhaseTimer timer,
                          ProbeOutcome.Builder outcome) throws IOException {
        IOException last = new SocketTimeoutException(FailureReason.timedOut(context.timeout()));
        for (CheckedAddress address : addresses) {
            if (context.remaining().isZero()) {
                break;
            }
            try {
                Socket socket = environment.connect(address, port, context.remaining());
                timer.lap("connect");
                outcome.ip(address.hostAddress());
                return socket;
            } catch (IOException e) {
                timer.lap("connect");
                last = e;
            }
        }
        throw last;
    }
}
