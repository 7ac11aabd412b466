package dev.upwatch.probes.tcp;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeOutcome;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Opens a TCP connection to one host and port and closes it again. Each address the host name resolves to is tried
 * in turn until one accepts or the deadline passes. Phases: {@code dns} (name lookup) and {@code connect}
 * (TCP handshake, summed over the addresses tried); {@code elapsed} covers both.
 */
final class TcpProbe implements Probe {
    private final String host;
    private final int port;

    TcpProbe(String host, int port) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        long startedAt = System.nanoTime();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            Duration lookup = since(startedAt);
            return outcome.phase("dns", lookup).elapsed(lookup).error("unknown host " + host).build();
        }
        EgressPolicy.current().requireAllowed(host, List.of(addresses)); // the runner records a denial as BLOCKED
        long resolvedAt = System.nanoTime();
        outcome.phase("dns", Duration.ofNanos(resolvedAt - startedAt));
        String error = timedOut(context);
        for (InetAddress address : addresses) {
            Duration remaining = context.remaining();
            if (remaining.isZero()) {
                error = timedOut(context);
                break;
            }
            try (Socket socket = new Socket()) {
                // Socket.connect takes whole ms and reads 0 as "no timeout", so the budget is rounded up to 1 ms.
                socket.connect(new InetSocketAddress(address, port), Math.clamp(remaining.toMillis(), 1, Integer.MAX_VALUE));
                long connectedAt = System.nanoTime();
                return outcome.connected(true).ip(address.getHostAddress())
                        .phase("connect", Duration.ofNanos(connectedAt - resolvedAt))
                        .elapsed(Duration.ofNanos(connectedAt - startedAt)).build();
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // On a virtual thread an interrupt closes the socket; the runner has given up on this check.
                    throw new InterruptedException("check of " + host + ":" + port + " interrupted");
                }
                error = describe(e, context);
            }
        }
        long endedAt = System.nanoTime();
        return outcome.phase("connect", Duration.ofNanos(endedAt - resolvedAt))
                .elapsed(Duration.ofNanos(endedAt - startedAt)).error(error).build();
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    private static String timedOut(ProbeContext context) {
        return "timed out after " + DurationText.format(context.timeout());
    }

    private static String describe(IOException failure, ProbeContext context) {
        if (failure instanceof SocketTimeoutException) {
            return timedOut(context);
        }
        if (failure instanceof NoRouteToHostException) {
            return "no route to host";
        }
        String message = Objects.requireNonNullElse(failure.getMessage(), failure.getClass().getSimpleName());
        if (failure instanceof ConnectException && message.toLowerCase(Locale.ROOT).contains("refused")) {
            return "connection refused";
        }
        return "connection failed: " + message;
    }
}
