package dev.upwatch.probes.http;

import dev.upwatch.core.service.CheckDeadlines;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Listens to one HTTP exchange: marks when the response begins and completes, and reads at most {@code maxBody}
 * bytes of body, counted after decompression. Past that, the response is aborted. The body is kept only when asked
 * for; otherwise it is counted and dropped. Response headers are counted as they arrive: past {@code maxHeaderBytes}
 * bytes or {@code maxHeaderCount} fields the exchange fails at once, so a hostile server cannot make the probe hold
 * an endless header block. Jetty calls the listener methods one at a time, and {@link #await} hands the results over
 * to the probe's thread.
 */
final class ResponseCollector implements Response.Listener {
    /** Bytes a header line adds besides its name and value: {@code ": "} and CRLF. */
    private static final int LINE_OVERHEAD = 4;

    private final boolean keepBody;
    private final int maxBody;
    private final int maxHeaderBytes;
    private final int maxHeaderCount;
    /** Response header bytes and fields seen so far. */
    private long headerBytes;
    private int headerCount;
    private final CompletableFuture<Result> completion = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    // System.nanoTime() marks; 0 until the event happens.
    private long beganAt;
    private long completedAt;
    /** Decoded body bytes received, in bytes. */
    private long received;
    private boolean truncated;

    ResponseCollector(boolean keepBody, int maxBody, int maxHeaderBytes, int maxHeaderCount) {
        this.keepBody = keepBody;
        this.maxBody = maxBody;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxHeaderCount = maxHeaderCount;
    }

    @Override
    public void onBegin(Response response) {
        if (beganAt == 0) {
            beganAt = System.nanoTime();
        }
    }

    /** Counts each header; past a cap the exchange is aborted and the header is not kept. */
    @Override
    public boolean onHeader(Response response, HttpField field) {
        headerCount++;
        headerBytes += (long) field.getName().length() + field.getValue().length() + LINE_OVERHEAD;
        if (headerCount > maxHeaderCount) {
            response.abort(new HeaderLimitReached("too many response headers: more than " + maxHeaderCount
                    + " (max-header-count)"));
            return false;
        }
        if (headerBytes > maxHeaderBytes) {
            response.abort(new HeaderLimitReached("response headers too large: more than " + maxHeaderBytes
                    + " bytes (max-header-bytes)"));
            return false;
        }
        return true;
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        if (truncated) {
            return;
        }
        int length = content.remaining();
        if (keepBody) {
            int room = (int) Math.max(0, maxBody - received);
            int kept = Math.min(room, length);
            if (kept > 0) {
                byte[] bytes = new byte[kept];
                content.get(bytes);
                body.write(bytes, 0, kept);
            }
        }
        content.position(content.limit());
        received += length;
        if (received > maxBody) {
            truncated = true;
            response.abort(new BodyLimitReached());
        }
    }

    @Override
    public void onComplete(Result result) {
        completedAt = System.nanoTime();
        completion.complete(result);
    }

    /**
     * Waits for the exchange to complete, at the latest until {@code untilNanos}. The limit is armed in
     * {@code deadlines} rather than passed to a timed wait: a timed park of a virtual thread goes through the JDK's
     * delay scheduler (a wake-up of its thread per check, about 3 % of the probe's CPU), while arming is a set
     * insertion and wakes nothing. The check's runner interrupts at the same deadline; the probe keeps its own so that
     * it ends on time whoever calls it.
     *
     * @param untilNanos {@link System#nanoTime()} value after which to stop waiting
     * @throws TimeoutException when the exchange is still running at {@code untilNanos}
     */
    Result await(long untilNanos, CheckDeadlines deadlines) throws InterruptedException, TimeoutException {
        long left = untilNanos - System.nanoTime();
        if (left <= 0 && !completion.isDone()) {
            throw new TimeoutException();
        }
        CheckDeadlines.Armed limit = deadlines.arm(Duration.ofNanos(Math.max(0, left)),
                () -> completion.completeExceptionally(new TimeoutException()));
        try {
            return completion.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException timedOut) {
                throw timedOut;
            }
            throw new IllegalStateException("the completion fails only by the deadline", e);
        } finally {
            limit.disarm();
        }
    }

    /** Whether the exchange failed; a response cut short at {@code max-body} does not count as failed. */
    static boolean failed(Result result) {
        return result.isFailed() && !(result.getFailure() instanceof BodyLimitReached);
    }

    /** When the first byte of the response arrived ({@link System#nanoTime()}); 0 when none did. */
    long beganAt() {
        return beganAt;
    }

    /** When the exchange completed ({@link System#nanoTime()}). */
    long completedAt() {
        return completedAt;
    }

    /** The body bytes kept: at most {@code maxBody}, and none unless asked for. */
    byte[] body() {
        return body.toByteArray();
    }

    /** Whether the body was longer than {@code maxBody} and reading stopped there. */
    boolean truncated() {
        return truncated;
    }

    /** Aborts a response whose body outgrew {@code max-body}; it is expected, so it carries no stack trace. */
    private static final class BodyLimitReached extends Exception {
        private static final long serialVersionUID = 1L;

        BodyLimitReached() {
            super("response body is longer than max-body", null, false, false);
        }
    }

    /** Aborts a response whose headers outgrew a cap; the message is the check's reason. */
    static final class HeaderLimitReached extends Exception {
        private static final long serialVersionUID = 1L;

        HeaderLimitReached(String message) {
            super(message, null, false, false);
        }
    }
}
