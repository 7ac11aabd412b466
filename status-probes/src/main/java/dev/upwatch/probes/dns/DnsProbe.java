package dev.upwatch.probes.dns;

import dev.upwatch.core.condition.Placeholder;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.DatagramLink;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeOutcome;
import dev.upwatch.probes.dns.DnsMessage.Answer;
import dev.upwatch.probes.dns.DnsMessage.MalformedResponseException;
import dev.upwatch.probes.dns.DnsMessage.Response;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Asks one name server one question over UDP and reports the response code ({@code [DNS_RCODE]}), the first address
 * answered ({@code [IP]}, A and AAAA) and, when a condition reads {@code [BODY]}, every answer of the asked-for types
 * one per line. Phases: {@code dns} (looking up the server's own name, when it is not an address) and {@code query}
 * (request to response); {@code elapsed} covers both. No retries and no TCP fallback: a truncated response is used as
 * it came. The name server's address is resolved and the query sent only through the {@link ProbeEnvironment}, so the
 * egress policy judges where the query goes.
 */
final class DnsProbe implements Probe {
    private static final SecureRandom IDS = new SecureRandom();

    private final ProbeEnvironment environment;
    private final DnsServer server;
    private final String name;
    private final RecordType type;

    DnsProbe(ProbeEnvironment environment, DnsServer server, String name, RecordType type) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.server = Objects.requireNonNull(server, "server");
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        long startedAt = System.nanoTime();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        CheckedAddress address;
        try {
            address = environment.resolve(server.host()).get(0); // a refused server address throws: BLOCKED
        } catch (UnknownHostException e) {
            return outcome.elapsed(since(startedAt)).error("unknown name server host " + server.host()).build();
        }
        long resolvedAt = System.nanoTime();
        if (!isLiteral(server.host())) {
            outcome.phase("dns", Duration.ofNanos(resolvedAt - startedAt));
        }
        int id = IDS.nextInt(0x10000);
        byte[] query = DnsMessage.query(id, name, type);
        byte[] buffer = new byte[DnsMessage.MAX_UDP_SIZE];
        try (DatagramLink link = environment.openDatagram(address, server.port())) {
            link.send(query);
            while (true) {
                Duration remaining = context.remaining();
                if (remaining.isZero()) {
                    return timedOut(outcome, context, startedAt, resolvedAt);
                }
                int length = link.receive(buffer, remaining);
                long answeredAt = System.nanoTime();
                Response response;
                try {
                    response = DnsMessage.parse(buffer, length, id);
                } catch (MalformedResponseException e) {
                    if (e.getMessage().startsWith("response id")) {
                        continue; // a late answer to an earlier query on a reused port; keep waiting for ours
                    }
                    return outcome.connected(true).phase("query", Duration.ofNanos(answeredAt - resolvedAt))
                            .elapsed(Duration.ofNanos(answeredAt - startedAt))
                            .error("malformed DNS response: " + FailureReason.clean(e.getMessage())).build();
                }
                return answered(outcome, response, context).phase("query", Duration.ofNanos(answeredAt - resolvedAt))
                        .elapsed(Duration.ofNanos(answeredAt - startedAt)).build();
            }
        } catch (SocketTimeoutException e) {
            return timedOut(outcome, context, startedAt, resolvedAt);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("query of " + name + " interrupted");
            }
            return outcome.elapsed(since(startedAt)).error("query to " + server + " failed: "
                    + FailureReason.of(e, context.timeout())).build();
        }
    }

    private ProbeOutcome.Builder answered(ProbeOutcome.Builder outcome, Response response, ProbeContext context) {
        outcome.connected(true).dnsRcode(response.rcode());
        response.answers().stream().filter(a -> a.type() == RecordType.A || a.type() == RecordType.AAAA)
                .findFirst().ifPresent(a -> outcome.ip(a.data()));
        if (context.needs(Placeholder.BODY)) {
            outcome.body(response.answers().stream().filter(a -> a.type() == type).map(Answer::data)
                    .collect(Collectors.joining("\n")));
        }
        return outcome;
    }

    private ProbeOutcome timedOut(ProbeOutcome.Builder outcome, ProbeContext context, long startedAt, long resolvedAt) {
        long now = System.nanoTime();
        return outcome.phase("query", Duration.ofNanos(now - resolvedAt)).elapsed(Duration.ofNanos(now - startedAt))
                .error("no answer from " + server + " within " + DurationText.format(context.timeout())).build();
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
