package dev.upwatch.web;

import dev.upwatch.web.config.ServerConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebServerStartTest {

    /** The gate of the server under test. */
    private static volatile CompletableFuture<Void> gate = new CompletableFuture<>();

    /** One resource, so that Jersey has a model to build; it says whether the gate was open when it answered. */
    @Path("/")
    public static final class Hello {
        @GET
        public String hello() {
            return "gate open: " + gate.isDone();
        }
    }

    @Test
    void theHandlersStartAtOnceButTheListenerOpensOnlyOnceToldTo() throws Exception {
        WebServer server = new WebServer(new ServerConfig("127.0.0.1", 0), new ResourceConfig(Hello.class));
        CompletableFuture<Void> listen = new CompletableFuture<>();
        gate = listen;
        FutureTask<Void> start = new FutureTask<>(() -> {
            server.start(listen);
            return null;
        });
        Thread starting = Thread.ofPlatform().name("test-web-start").start(start);
        try {
            awaitWaiting(starting); // at the gate: the handlers are started, the connector is not
            // Jetty binds the port before it starts the handlers, so a request can be sent now; it is accepted only
            // once the gate opens.
            CompletableFuture<HttpResponse<String>> early = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(server.baseUri()).build(), HttpResponse.BodyHandlers.ofString());

            listen.complete(null);
            start.get();
            HttpResponse<String> answer = early.get();
            assertEquals(200, answer.statusCode());
            assertEquals("gate open: true", answer.body(), "answered only after the listener was let open");
        } finally {
            listen.complete(null);
            start.get();
            server.close();
        }
    }

    @Test
    void aFailureBeforeTheListenerOpensFailsTheStartAndNothingListens() throws Exception {
        WebServer server = new WebServer(new ServerConfig("127.0.0.1", 0), new ResourceConfig(Hello.class));
        try {
            IllegalStateException restoreFailed = new IllegalStateException("restore failed");
            Exception thrown = assertThrows(Exception.class,
                    () -> server.start(CompletableFuture.failedFuture(restoreFailed)));
            Throwable cause = thrown;
            while (cause != null && cause != restoreFailed) {
                cause = cause.getCause() != null ? cause.getCause() : firstSuppressed(cause);
            }
            assertEquals(restoreFailed, cause, "the start says why: " + thrown);
            assertTrue(server.port() < 0, "nothing listens: " + server.port());
        } finally {
            server.close();
        }
    }

    private static Throwable firstSuppressed(Throwable t) {
        return t.getSuppressed().length == 0 ? null : t.getSuppressed()[0];
    }

    /** Waits (at most 60 s) until {@code thread} waits: here, for the listener's gate. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (thread.getState() != Thread.State.WAITING) {
            if (Instant.now().isAfter(deadline) || !thread.isAlive()) {
                throw new AssertionError("the start did not reach the listener's gate: " + thread.getState());
            }
            Thread.sleep(10);
        }
    }
}
