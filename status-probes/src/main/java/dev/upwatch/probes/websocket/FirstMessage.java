package dev.upwatch.probes.websocket;

import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.ProbeContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The first whole message the server sends on a probe's WebSocket, or why none came. Public because Jetty calls a
 * WebSocket endpoint's methods through method handles, which need a public class; nothing else uses it.
 */
public final class FirstMessage implements Session.Listener.AutoDemanding {
    private final int maxMessage;
    private final CompletableFuture<String> message = new CompletableFuture<>();

    FirstMessage(int maxMessage) {
        this.maxMessage = maxMessage;
    }

    @Override
    public void onWebSocketText(String text) {
        message.complete(text.length() > maxMessage ? text.substring(0, maxMessage) : text);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[Math.min(payload.remaining(), maxMessage)];
        payload.get(bytes);
        message.complete(new String(bytes, StandardCharsets.UTF_8));
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        message.completeExceptionally(new IOException("closed by the server before replying (" + statusCode
                + (reason == null || reason.isBlank() ? "" : " " + reason) + ")"));
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        message.completeExceptionally(cause);
    }

    /** The message, waited for until the check's deadline; empty when none came. */
    Optional<String> await(ProbeContext context) throws InterruptedException {
        try {
            return Optional.of(message.get(Math.max(0, context.remaining().toNanos()), TimeUnit.NANOSECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    /** Why no message came, when the connection failed or closed first. */
    Optional<String> failure(Duration timeout) {
        if (!message.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            message.join();
            return Optional.empty();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Optional.of(cause instanceof IOException && cause.getMessage() != null
                    && cause.getMessage().startsWith("closed by the server") ? FailureReason.clean(cause.getMessage())
                    : FailureReason.of(cause, timeout));
        }
    }
}
