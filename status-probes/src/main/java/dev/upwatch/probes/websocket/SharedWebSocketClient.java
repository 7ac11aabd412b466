package dev.upwatch.probes.websocket;

import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.probes.http.ProbeHttpClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.util.Objects;

/**
 * The Jetty WebSocket client all WebSocket probes of one environment share, over the environment's HTTP client
 * ({@link ProbeHttpClient}: every host resolved and every address confirmed through the environment). Started on first
 * use, stopped with the environment; stopping it leaves the HTTP client, which the environment owns, running.
 */
final class SharedWebSocketClient implements AutoCloseable {
    private final ProbeEnvironment environment;
    private WebSocketClient client; // guarded by this
    private boolean closed; // guarded by this

    private SharedWebSocketClient(ProbeEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    static SharedWebSocketClient of(ProbeEnvironment environment) {
        return environment.shared(SharedWebSocketClient.class, SharedWebSocketClient.class,
                () -> new SharedWebSocketClient(environment));
    }

    /** The running client, started on the first call. */
    synchronized WebSocketClient started() {
        if (closed) {
            throw new IllegalStateException("the probe environment is closed");
        }
        if (client == null) {
            WebSocketClient created = new WebSocketClient(ProbeHttpClient.of(environment));
            try {
                created.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the WebSocket client: " + e.getMessage(), e);
            }
            client = created;
        }
        return client;
    }

    @Override
    public synchronized void close() throws Exception {
        closed = true;
        if (client != null) {
            client.stop();
            client = null;
        }
    }
}
