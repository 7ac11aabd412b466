package dev.upwatch.probes.dns;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.DatagramLink;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.probes.dns.DnsResponse.MalformedResponseException;
import org.xbill.DNS.Message;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Asks one name server one question and reports the response code ({@code [DNS_RCODE]}), whether the resolver
 * validated the answer with DNSSEC ({@code [DNSSEC]}, its AD flag), the first address answered ({@code [IP]}, A and
 * AAAA) and, when a condition reads {@code [BODY]}, every answer of the asked-for type one per line.
 *
 * <p>Over UDP, a truncated answer (TC) is asked again over TCP, as RFC 7766 requires; {@code transport: tcp} asks over
 * TCP only. No retries otherwise. dnsjava writes and reads the messages; the datagrams and the TCP connection are the
 * {@link ProbeEnvironment}'s, so the egress policy judges the name server's address (and looking up its name, when it
 * is given by name) like any target. Phases: {@code dns} (looking up the server's name, when it is not an address),
 * {@code udpQuery} (a UDP exchange whose answer was truncated), {@code connect} (TCP), {@code query} (request to
 * the answer used); {@code elapsed} covers them all.
 */
final class DnsProbe implements Probe {
    /**
     * Receive buffer for a UDP answer, in bytes: room beyond the {@value DnsQuery#EDNS_PAYLOAD} we advertise, for
     * servers that send more anyway.
     */
    private static final int UDP_BUFFER = 4096;

    /** How the question is sent. */
    enum Transport {
        /** UDP, asked again over TCP when the answer comes back truncated. */
        UDP,
        /** TCP only. */
        TCP
    }

    private final ProbeEnvironment environment;
    private final DnsServer server;
    private final DnsQuery query;
    private final Transport transport;

    DnsProbe(ProbeEnvironment environment, DnsServer server, DnsQuery query, Transport transport) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.server = Objects.requireNonNull(server, "server");
        this.query = Objects.requireNonNull(query, "query");
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        Stopwatch stopwatch = new Stopwatch();
        CheckedAddress address;
        try {
            address = environment.resolve(server.host()).get(0); // a refused server address throws: BLOCKED
        } catch (UnknownHostException e) {
            stopwatch.lookedUp(server.host());
            return stopwatch.failed("unknown name server host " + server.host());
        }
        stopwatch.lookedUp(server.host());
        Message message = query.newMessage();
        byte[] wire = message.toWire();
        boolean truncated = false;
        String step = transport == Transport.UDP ? "query" : "connect";
        try {
            if (transport == Transport.UDP) {
                byte[] answer = overUdp(address, message, wire, context);
                long answeredAt = System.nanoTime();
                stopwatch.answered();
                DnsResponse response = DnsResponse.read(message, answer);
                if (!response.truncated()) {
                    stopwatch.phase("query", answeredAt);
                    return answered(stopwatch, response, context);
                }
                stopwatch.phase("udpQuery", answeredAt);
                truncated = true;
                step = "connect";
            }
            try (Socket socket = connect(address, context)) {
                stopwatch.phase("connect", System.nanoTime());
                step = "query";
                byte[] answer = overTcp(socket, wire, context);
                long answeredAt = System.nanoTime();
                stopwatch.answered();
                DnsResponse response = DnsResponse.read(message, answer);
                stopwatch.phase("query", answeredAt);
                return answered(stopwatch, response, context);
            }
        } catch (MalformedResponseException e) {
            stopwatch.phase(step, System.nanoTime());
            return stopwatch.failed("malformed DNS response: " + FailureReason.clean(e.getMessage()));
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("query of " + query + " interrupted");
            }
            stopwatch.phase(step, System.nanoTime());
            String reason = reason(e, step, truncated || transport == Transport.TCP, context);
            return stopwatch.failed(truncated ? reason + " (the UDP answer was truncated)" : reason);
        }
    }

    /** Why the exchange failed at {@code step}: connecting, or waiting for the answer over UDP or TCP. */
    private String reason(IOException e, String step, boolean tcp, ProbeContext context) {
        if (step.equals("connect")) {
            return "TCP connection to " + server + " failed: " + FailureReason.of(e, context.timeout());
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer from " + server + (tcp ? " over TCP" : "") + " within "
                    + DurationText.format(context.timeout());
        }
        return (tcp ? "TCP query to " : "query to ") + server + " failed: " + FailureReason.of(e, context.timeout());
    }

    private ProbeOutcome answered(Stopwatch stopwatch, DnsResponse response, ProbeContext context) {
        ProbeOutcome.Builder outcome = stopwatch.outcome.dnsRcode(response.rcode())
                .dnssecValidated(response.authenticated());
        response.firstAddress().ifPresent(outcome::ip);
        if (context.needs(Placeholder.BODY)) {
            outcome.body(String.join("\n", response.answersOf(query.type())));
        }
        return stopwatch.finish();
    }

    /** Sends the query in one datagram and returns the first datagram back that carries its id. */
    private byte[] overUdp(CheckedAddress address, Message message, byte[] wire, ProbeContext context)
            throws IOException {
        try (DatagramLink link = environment.openDatagram(address, server.port())) {
            link.send(wire);
            byte[] buffer = new byte[UDP_BUFFER];
            while (true) {
                Duration remaining = context.remaining();
                if (remaining.isZero()) {
                    throw new SocketTimeoutException("no answer in time");
                }
                int length;
                try {
                    length = link.receive(buffer, remaining);
                } catch (SocketTimeoutException e) {
                    continue; // the wait counts whole ms, rounded down: wait out the rest of the budget
                }
                int id = DnsResponse.idOf(buffer, length);
                if (id < 0 || id == message.getHeader().getID()) {
                    return Arrays.copyOf(buffer, length);
                }
                // A late answer to an earlier query from the same port number: ours may still come.
            }
        }
    }

    private Socket connect(CheckedAddress address, ProbeContext context) throws IOException {
        Duration remaining = context.remaining();
        if (remaining.isZero()) {
            throw new SocketTimeoutException("no time left to connect");
        }
        return environment.connect(address, server.port(), remaining);
    }

    /** Sends the query with its two-byte length (RFC 1035 section 4.2.2) and reads the answer framed the same way. */
    private static byte[] overTcp(Socket socket, byte[] wire, ProbeContext context) throws IOException {
        byte[] framed = new byte[2 + wire.length];
        framed[0] = (byte) (wire.length >>> 8);
        framed[1] = (byte) wire.length;
        System.arraycopy(wire, 0, framed, 2, wire.length);
        OutputStream out = socket.getOutputStream();
        out.write(framed);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] length = read(socket, in, 2, context);
        return read(socket, in, ((length[0] & 0xFF) << 8) | (length[1] & 0xFF), context);
    }

    /** Exactly {@code count} bytes; each read waits at most until the check's deadline. */
    private static byte[] read(Socket socket, InputStream in, int count, ProbeContext context) throws IOException {
        byte[] bytes = new byte[count];
        for (int at = 0; at < count; ) {
            Duration remaining = context.remaining();
            if (remaining.isZero()) {
                throw new SocketTimeoutException("no answer in time");
            }
            // SO_TIMEOUT takes whole ms and reads 0 as "no timeout", so the budget is rounded up to 1 ms.
            socket.setSoTimeout(Math.clamp(remaining.toMillis(), 1, Integer.MAX_VALUE));
            int read;
            try {
                read = in.read(bytes, at, count - at);
            } catch (SocketTimeoutException e) {
                continue; // rounded down to whole ms: wait out the rest of the budget
            }
            if (read < 0) {
                throw new EOFException("closed after " + at + " of " + count + " bytes");
            }
            at += read;
        }
        return bytes;
    }

    /** The outcome of one check as it is built, and where its phases begin and end (System.nanoTime()). */
    private static final class Stopwatch {
        final ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        private final long startedAt = System.nanoTime();
        private long mark = startedAt;

        /** Ends the server's name lookup: a {@code dns} phase when it was a name, none for an address. */
        void lookedUp(String host) {
            long now = System.nanoTime();
            if (!isLiteral(host)) {
                outcome.phase("dns", Duration.ofNanos(now - mark));
            }
            mark = now;
        }

        /** Something came back from the server. */
        void answered() {
            outcome.connected(true);
        }

        /** Ends phase {@code name} at {@code endedAt}. */
        void phase(String name, long endedAt) {
            outcome.phase(name, Duration.ofNanos(endedAt - mark));
            mark = endedAt;
        }

        ProbeOutcome failed(String reason) {
            outcome.error(reason);
            return finish();
        }

        /** The outcome, timed from the start to the end of the last phase. */
        ProbeOutcome finish() {
            return outcome.elapsed(Duration.ofNanos(mark - startedAt)).build();
        }

        private static boolean isLiteral(String host) {
            return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        }
    }
}
