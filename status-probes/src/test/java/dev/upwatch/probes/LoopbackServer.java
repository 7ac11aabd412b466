package dev.upwatch.probes;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/** Serves a test's loopback listener: each accepted connection is handed to a handler on its own virtual thread. */
public final class LoopbackServer {
    private LoopbackServer() {
    }

    /** Accepts on {@code listener} until it is closed; {@code handler} runs per connection, which is closed after it. */
    public static void serve(ServerSocket listener, Consumer<Socket> handler) {
        Thread.ofPlatform().daemon().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            handler.accept(socket);
                        } catch (IOException e) {
                            // closing a socket the probe already closed
                        }
                    });
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }
}
