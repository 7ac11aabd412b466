package dev.upwatch.notify;

import dev.upwatch.core.model.DurationText;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Carries one attempt to the receiver (HTTP or SMTP) and judges its answer. It knows nothing of the outbox: the
 * dispatcher decides from the {@link AttemptResult} whether the message is done, retried or given up.
 */
public interface Transport extends AutoCloseable {

    /**
     * Starts one attempt. The future completes with how it went; a failure to send is a result too, so it never
     * completes exceptionally.
     */
    CompletableFuture<AttemptResult> send(Attempt attempt);

    /**
     * Sends one test attempt; the future completes with how it went and the start of the receiver's answer (empty
     * by default: a transport that reads no answer body).
     */
    default CompletableFuture<Answered> trial(Attempt attempt) {
        return send(attempt).thenApply(result -> new Answered(result, ""));
    }

    /** An attempt's result with the first KiB of the receiver's answer body. */
    record Answered(AttemptResult result, String answer) {
    }

    /** Stops the transport's threads and connections. */
    @Override
    void close();

    /** A failure in a few words: "no answer within 10s" for a timeout, else the exception's name and message. */
    static String describe(Throwable error, Duration timeout) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "no answer within " + DurationText.format(timeout);
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
