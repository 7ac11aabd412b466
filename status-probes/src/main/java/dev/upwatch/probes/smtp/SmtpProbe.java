package dev.upwatch.probes.smtp;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.probes.net.Dialer;
import dev.upwatch.probes.net.Endpoint;
import dev.upwatch.probes.net.LineConnection;
import dev.upwatch.probes.net.PhaseTimer;
import dev.upwatch.probes.net.TlsLayer;
import dev.upwatch.probes.net.TlsMode;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * One SMTP check: connect (and TLS for SMTPS), read the greeting, and with STARTTLS say {@code EHLO}, ask for
 * {@code STARTTLS} and complete the handshake; then {@code QUIT}. {@code [CONNECTED]} is true when the server greeted
 * with 220 and any TLS asked for succeeded; {@code [STATUS]} is the greeting's code, {@code [BODY]} the greeting,
 * {@code [CERTIFICATE_EXPIRATION]} the server certificate's. Phases: {@code dns}, {@code connect}, {@code tls}
 * (implicit), {@code banner} (waiting for the greeting), {@code starttls} ({@code EHLO} and {@code STARTTLS}) and
 * {@code tls} (after STARTTLS); the response time ends there, before {@code QUIT}.
 */
final class SmtpProbe implements Probe {
    private final Dialer dialer;
    private final Endpoint endpoint;
    private final TlsMode mode;
    private final Optional<TlsLayer> tls;
    private final String ehloName;

    SmtpProbe(ProbeEnvironment environment, Endpoint endpoint, TlsMode mode, Optional<TlsLayer> tls, String ehloName) {
        this.dialer = new Dialer(environment);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.ehloName = Objects.requireNonNull(ehloName, "ehloName");
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        PhaseTimer timer = PhaseTimer.start();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        try (LineConnection connection = LineConnection.open(dialer, endpoint, mode, tls, context, timer, outcome)) {
            SmtpReply greeting = SmtpReply.read(connection, context);
            timer.lap("banner");
            outcome.statusCode(greeting.code());
            if (context.needs(Placeholder.BODY)) {
                outcome.body(String.join("\n", greeting.lines()));
            }
            if (greeting.code() != 220) {
                return timer.describeTo(outcome).error("the server greeted with " + greeting.summary()).build();
            }
            if (mode == TlsMode.STARTTLS) {
                Optional<String> refused = startTls(connection, context, timer, outcome);
                if (refused.isPresent()) {
                    return timer.describeTo(outcome).error(refused.get()).build();
                }
            }
            ProbeOutcome done = timer.describeTo(outcome.connected(true)).build();
            quit(connection);
            return done;
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("check of " + endpoint + " interrupted");
            }
            return timer.describeTo(outcome).error(FailureReason.of(e, context.timeout())).build();
        }
    }

    /** EHLO, STARTTLS, handshake; the reason when the server does not go along. */
    private Optional<String> startTls(LineConnection connection, ProbeContext context, PhaseTimer timer,
                                      ProbeOutcome.Builder outcome) throws IOException {
        connection.writeLine("EHLO " + ehloName);
        SmtpReply ehlo = SmtpReply.read(connection, context);
        if (ehlo.code() != 250) {
            timer.lap("starttls");
            return Optional.of("EHLO refused: " + ehlo.summary());
        }
        if (!ehlo.offers("STARTTLS")) {
            timer.lap("starttls");
            return Optional.of("the server does not offer STARTTLS");
        }
        connection.writeLine("STARTTLS");
        SmtpReply ready = SmtpReply.read(connection, context);
        timer.lap("starttls");
        if (ready.code() != 220) {
            return Optional.of("STARTTLS refused: " + ready.summary());
        }
        connection.startTls(tls.orElseThrow(), endpoint.port(), context, timer, outcome);
        return Optional.empty();
    }

    /**
     * Says goodbye without waiting for the answer: the check is decided, and a server slow to answer {@code QUIT} must
     * not hold it until its deadline.
     */
    private static void quit(LineConnection connection) {
        try {
            connection.writeLine("QUIT");
        } catch (IOException ignored) {
            // the verdict stands
        }
    }
}
