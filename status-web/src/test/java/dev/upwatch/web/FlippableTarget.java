package dev.upwatch.web;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP service on 127.0.0.1 whose health a test switches between 200 and 503. */
final class FlippableTarget implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);

    FlippableTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = (status.get() == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    URI healthUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
    }

    void answer(int code) {
        status.set(code);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
