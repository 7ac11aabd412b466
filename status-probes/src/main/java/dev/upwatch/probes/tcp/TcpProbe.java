package dev.upwatch.probes.tcp;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens a TCP connection to one host and port and closes it again. Each address the host name resolves to is tried
 * in turn until one accepts or the deadline passes. Optionally it then sends a line and reads the first line of the
 * reply (for {@code expect}, and as {@code [BODY]} when a condition reads it). Phases: {@code dns} (name lookup),
 * {@code connect} (TCP handshake, summed over the addresses tried) and, when a reply is read, {@code reply} (from
 * sending to the end of the first line); {@code elapsed} covers them all. Names are resolved and connections opened
 * only through the {@link ProbeEnvironment}, so the egress policy judges every address tried.
 */
final class TcpProbe implements Probe {
    /** Longest reply line read, in bytes; the rest of a longer line is ignored. */
    static final int MAX_LINE = 4096;
    /** Longest piece of an unexpected reply quoted in the reason, in characters. */
    static final int QUOTED_REPLY = 64;

    private final ProbeEnvironment environment;
    private final String host;
    private final int port;
    private final Optional<String> send;
    private final Optional<String> expect;

    /**
     * @param send   a line sent once connected (CRLF is appended)
     * @param expect text the first reply line must contain; otherwise the check is not {@code connected}
     */
    TcpProbe(ProbeEnvironment environment, String host, int port, Optional<String> send, Optional<String> expect) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.send = Objects.requireNonNull(send, "send");
        this.expect = Objects.requireNonNull(expect, "expect");
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        long startedAt = System.nanoTime();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        List<CheckedAddress> addresses;
        try {
            addresses = environment.resolve(host); // a refused address throws: the runner records the check as BLOCKED
        } catch (UnknownHostException e) {
            Duration lookup = since(startedAt);
            return outcome.phase("dns", lookup).elapsed(lookup).error("unknown host " + host).build();
        }
        long resolvedAt = System.nanoTime();
        outcome.phase("dns", Duration.ofNanos(resolvedAt - startedAt));
        String error = timedOut(context);
        for (CheckedAddress address : addresses) {
            Duration remaining = context.remaining();
            if (remaining.isZero()) {
                error = timedOut(context);
                break;
            }
            try (Socket socket = environment.connect(address, port, remaining)) {
                long connectedAt = System.nanoTime();
                outcome.ip(address.hostAddress()).phase("connect", Duration.ofNanos(connectedAt - resolvedAt));
                boolean readReply = expect.isPresent() || context.needs(Placeholder.BODY);
                if (send.isEmpty() && !readReply) {
                    return outcome.connected(true).elapsed(Duration.ofNanos(connectedAt - startedAt)).build();
                }
                return converse(socket, context, outcome, startedAt, connectedAt, readReply);
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

    /**
     * Sends the line, reads the first reply line and checks it against {@code expect}. A failure here ends the check:
     * the connection was made, so other addresses are not tried.
     */
    private ProbeOutcome converse(Socket socket, ProbeContext context, ProbeOutcome.Builder outcome, long startedAt,
                                  long connectedAt, boolean readReply) throws InterruptedException {
        try {
            return exchange(socket, context, outcome, startedAt, connectedAt, readReply);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("check of " + host + ":" + port + " interrupted");
            }
            long failedAt = System.nanoTime();
            return outcome.phase("reply", Duration.ofNanos(failedAt - connectedAt))
                    .elapsed(Duration.ofNanos(failedAt - startedAt)).error(describe(e, context)).build();
        }
    }

    private ProbeOutcome exchange(Socket socket, ProbeContext context, ProbeOutcome.Builder outcome, long startedAt,
                                  long connectedAt, boolean readReply) throws IOException {
        if (send.isPresent()) {
            OutputStream out = socket.getOutputStream();
            out.write((send.get() + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (!readReply) {
            long sentAt = System.nanoTime();
            return outcome.connected(true).elapsed(Duration.ofNanos(sentAt - startedAt)).build();
        }
        socket.setSoTimeout(Math.clamp(context.remaining().toMillis(), 1, Integer.MAX_VALUE));
        String line = firstLine(socket.getInputStream());
        long repliedAt = System.nanoTime();
        outcome.phase("reply", Duration.ofNanos(repliedAt - connectedAt))
                .elapsed(Duration.ofNanos(repliedAt - startedAt));
        if (context.needs(Placeholder.BODY)) {
            outcome.body(line);
        }
        if (expect.isPresent() && !line.contains(expect.get())) {
            return outcome.error("expected '" + expect.get() + "' in the reply, got '" + quoted(line) + "'").build();
        }
        return outcome.connected(true).build();
    }

    /** The first line of the reply without its line break, at most {@link #MAX_LINE} bytes; empty at once-EOF. */
    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n' && line.size() < MAX_LINE; b = in.read()) {
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    /** Up to {@value #QUOTED_REPLY} characters of a reply, with control and non-ASCII characters as {@code \\xNN}. */
    static String quoted(String reply) {
        StringBuilder shown = new StringBuilder();
        int i = 0;
        for (; i < reply.length() && shown.length() < QUOTED_REPLY; i++) {
            char c = reply.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                shown.append(c);
            } else {
                shown.append(String.format("\\x%02x", c & 0xff));
            }
        }
        return i < reply.length() ? shown + "…" : shown.toString();
    }

    private static String timedOut(ProbeContext context) {
        return FailureReason.timedOut(context.timeout());
    }

    private static String describe(IOException failure, ProbeContext context) {
        return FailureReason.of(failure, context.timeout());
    }
}
