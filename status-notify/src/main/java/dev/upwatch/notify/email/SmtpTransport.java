package dev.upwatch.notify.email;

import dev.upwatch.notify.Attempt;
import dev.upwatch.notify.AttemptResult;
import dev.upwatch.notify.Transport;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Sends email channels' messages over SMTP, on the calling thread (the dispatcher's pool). SMTP 5xx answers are
 * permanent and given up; anything else that fails (4xx, no connection, timeouts) is worth a retry, like an HTTP 5xx.
 * The result's code is the SMTP reply code (250 when accepted).
 */
public final class SmtpTransport implements Transport {
    private static final OptionalInt ACCEPTED = OptionalInt.of(250);

    private final Duration timeout;

    /** @param timeout deadline of each connect, read and write */
    public SmtpTransport(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public CompletableFuture<AttemptResult> send(Attempt attempt) {
        AttemptResult result;
        try {
            SmtpSender.of(attempt.channel().settings()).send(attempt.messageId(), attempt.body(), timeout);
            result = new AttemptResult.Delivered(ACCEPTED);
        } catch (MessagingException | RuntimeException e) {
            int code = smtpCode(e);
            OptionalInt status = code > 0 ? OptionalInt.of(code) : OptionalInt.empty();
            String problem = "SMTP " + (code > 0 ? code + " " : "") + Transport.describe(e, timeout);
            result = code >= 500 ? new AttemptResult.Dead(status, problem)
                    : new AttemptResult.RetryAfter(status, problem, Optional.empty());
        }
        return CompletableFuture.completedFuture(result);
    }

    /** The SMTP reply code in {@code error} or its causes, or 0. */
    private static int smtpCode(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SMTPSendFailedException failed) {
                return failed.getReturnCode();
            }
            if (t instanceof SMTPAddressFailedException failed) {
                return failed.getReturnCode();
            }
        }
        return 0;
    }

    @Override
    public void close() {
        // connects anew for every message: nothing to release
    }
}
