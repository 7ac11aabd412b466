package dev.upwatch.probes.imap;

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
import java.net.ProtocolException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.probes.net.LineConnection.quoted;

/**
 * One IMAP check (RFC 9051): connect (and TLS for IMAPS), read the greeting ({@code * OK} or {@code * PREAUTH}), and
 * with STARTTLS ask for it and complete the handshake; then {@code LOGOUT}. {@code [CONNECTED]} is true when the server
 * greeted and any TLS asked for succeeded; {@code [BODY]} is the greeting line, {@code [CERTIFICATE_EXPIRATION]} the
 * server certificate's. Phases: {@code dns}, {@code connect}, {@code tls} (implicit), {@code banner},
 * {@code starttls} (the command and its answer) and {@code tls} (after STARTTLS); the response time ends there.
 */
final class ImapProbe implements Probe {
    /** Most untagged lines read while waiting for a tagged answer. */
    static final int MAX_UNTAGGED = 100;

    private final Dialer dialer;
    private final Endpoint endpoint;
    private final TlsMode mode;
    private final Optional<TlsLayer> tls;

    ImapProbe(ProbeEnvironment environment, Endpoint endpoint, TlsMode mode, Optional<TlsLayer> tls) {
        this.dialer = new Dialer(environment);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) throws InterruptedException {
        PhaseTimer timer = PhaseTimer.start();
        ProbeOutcome.Builder outcome = ProbeOutcome.builder();
        try (LineConnection connection = LineConnection.open(dialer, endpoint, mode, tls, context, timer, outcome)) {
            String greeting = connection.readLine(context);
            timer.lap("banner");
            if (context.needs(Placeholder.BODY)) {
                outcome.body(greeting);
            }
            String status = greeting.toUpperCase(Locale.ROOT);
            if (!status.startsWith("* OK") && !status.startsWith("* PREAUTH")) {
                return timer.describeTo(outcome).error("the server greeted with '" + quoted(greeting) + "'").build();
            }
            if (mode == TlsMode.STARTTLS) {
                connection.writeLine("a1 STARTTLS");
                String answer = tagged(connection, "a1", context);
                timer.lap("starttls");
                if (!answer.toUpperCase(Locale.ROOT).startsWith("A1 OK")) {
                    return timer.describeTo(outcome).error("STARTTLS refused: '" + quoted(answer) + "'").build();
                }
                connection.startTls(tls.orElseThrow(), endpoint.port(), context, timer, outcome);
            }
            ProbeOutcome done = timer.describeTo(outcome.connected(true)).build();
            logout(connection);
            return done;
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("check of " + endpoint + " interrupted");
            }
            return timer.describeTo(outcome).error(FailureReason.of(e, context.timeout())).build();
        }
    }

    /** The tagged answer to command {@code tag}, skipping untagged lines ({@code * CAPABILITY ...}). */
    private static String tagged(LineConnection connection, String tag, ProbeContext context) throws IOException {
        for (int i = 0; i <= MAX_UNTAGGED; i++) {
            String line = connection.readLine(context);
            if (line.regionMatches(true, 0, tag + " ", 0, tag.length() + 1)) {
                return line;
            }
        }
        throw new ProtocolException("no answer to " + tag + " after " + MAX_UNTAGGED + " lines");
    }

    /** Says goodbye without waiting for the answer: the check is decided. */
    private static void logout(LineConnection connection) {
        try {
            connection.writeLine("a2 LOGOUT");
        } catch (IOException ignored) {
            // the verdict stands
        }
    }
}
