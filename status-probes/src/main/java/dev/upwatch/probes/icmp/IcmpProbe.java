package dev.upwatch.probes.icmp;

import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.NoVerdictException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One ICMP check: resolve the host through the environment, then send {@code count} echo requests to the first allowed
 * address, {@code packet-interval} apart, each waiting up to {@code packet-timeout} for its reply. {@code [PACKET_LOSS]}
 * is the share of requests sent without a reply, {@code [RESPONSE_TIME]} the mean round trip of the replies,
 * {@code [CONNECTED]} whether any reply came, {@code [IP]} the address pinged. Phases: {@code dns} and {@code rtt} (the
 * mean round trip). Requests that the check's deadline leaves no time for are not sent, so the loss is counted over
 * those that were.
 *
 * <p>The socket is connected to the checked address ({@link IcmpSocket}) after the environment confirmed it once more
 * (which also keeps a dry run from sending anything). Where this process may not send ICMP at all, the check is an
 * ERROR sample (a {@link NoVerdictException} naming what to change): our side cannot check, the target is not down.
 */
final class IcmpProbe implements Probe {
    private final ProbeEnvironment environment;
    private final IcmpThreads threads;
    private final String host;
    private final Plan plan;
    private final IcmpSocket.Kind kind;

    /**
     * How a check pings.
     *
     * @param count          echo requests per check
     * @param interval       time from one request to the next
     * @param packetTimeout  how long each request waits for its reply
     * @param size           payload bytes of each request
     */
    record Plan(int count, Duration interval, Duration packetTimeout, int size) {
        Plan {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(packetTimeout, "packetTimeout");
        }
    }

    IcmpProbe(ProbeEnvironment environment, IcmpThreads threads, String host, Plan plan, IcmpSocket.Kind kind) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.host = Objects.requireNonNull(host, "host");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        long startedAt = System.nanoTime();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        CheckedAddress address;
        try {
            address = environment.resolve(host).get(0); // a refused address throws: the check is BLOCKED
            outcome.phase("dns", Duration.ofNanos(System.nanoTime() - startedAt));
            environment.check(address.address()); // once more right before sending; a dry run stops here
        } catch (UnknownHostException e) {
            return outcome.phase("dns", Duration.ofNanos(System.nanoTime() - startedAt))
                    .error(FailureReason.of(e, context.timeout())).build();
        } catch (IOException e) {
            return outcome.error(FailureReason.of(e, context.timeout())).build();
        }
        outcome.ip(address.hostAddress());
        long deadline = context.deadlineNanos();
        Future<Echoes> exchange = threads.submit(() -> ping(address, deadline));
        Echoes echoes;
        try {
            echoes = exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return outcome.error(FailureReason.timedOut(context.timeout())).build();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IcmpUnavailableException unavailable) {
                throw new NoVerdictException(unavailable.getMessage());
            }
            if (e.getCause() instanceof UnsatisfiedLinkError || e.getCause() instanceof NoClassDefFoundError) {
                throw new NoVerdictException("ICMP not available: the C library could not be bound ("
                        + FailureReason.clean(String.valueOf(e.getCause().getMessage())) + ")");
            }
            return outcome.error(FailureReason.of(e.getCause(), context.timeout())).build();
        }
        outcome.packetLoss(echoes.lossPercent()).connected(!echoes.roundTrips().isEmpty());
        Optional<Duration> average = echoes.averageRoundTrip();
        if (average.isPresent()) {
            return outcome.phase("rtt", average.get()).elapsed(average.get()).build();
        }
        return outcome.error("no reply to " + echoes.sent() + " echo request" + (echoes.sent() == 1 ? "" : "s")
                + echoes.lastError().map(error -> " (" + error + ")").orElse("")).build();
    }

    /** The exchange, on a platform thread: requests {@code interval} apart, each awaited up to its timeout. */
    private Echoes ping(CheckedAddress address, long deadline) throws IOException, InterruptedException {
        int identifier = ThreadLocalRandom.current().nextInt(1 << 16);
        byte[] payload = new byte[plan.size()];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        List<Duration> roundTrips = new ArrayList<>(plan.count());
        Optional<String> lastError = Optional.empty();
        int sent = 0;
        try (IcmpSocket socket = IcmpSocket.open(address, kind)) {
            for (int sequence = 1; sequence <= plan.count(); sequence++) {
                long sentAt = System.nanoTime();
                if (deadline - sentAt <= 0) {
                    break;
                }
                try {
                    socket.send(identifier, sequence, payload);
                    sent++;
                    long waitUntil = Math.min(sentAt + plan.packetTimeout().toNanos(), deadline);
                    Optional<Long> repliedAt = socket.awaitReply(identifier, sequence, waitUntil);
                    repliedAt.ifPresent(at -> roundTrips.add(Duration.ofNanos(at - sentAt)));
                } catch (InterruptedIOException e) {
                    throw new InterruptedException("echo abandoned");
                } catch (IOException e) {
                    lastError = Optional.of(FailureReason.clean(String.valueOf(e.getMessage())));
                }
                long next = sentAt + plan.interval().toNanos();
                if (sequence < plan.count() && next - System.nanoTime() > 0 && deadline - next > 0) {
                    TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
                }
            }
            return new Echoes(sent, roundTrips, lastError, socket.raw());
        }
    }
}
