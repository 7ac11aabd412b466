package dev.upwatch.web.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Not a test: the service {@link LiveLoadBenchmark} watches, run in its own process so that its CPU does not count
 * against Upwatch's. {@code /health} answers 200 at once; {@code /flip} answers 200 or 503, switched by a
 * {@code POST /toggle}; {@code /churn/NAME} answers 200 and 500 by turns, each NAME on its own (a monitor checking it
 * with thresholds of 1 changes status at every check). Prints its port, then serves until stdin closes.
 */
public final class LoadTarget {
    private LoadTarget() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1_024);
        AtomicBoolean failing = new AtomicBoolean();
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/flip", exchange -> answer(exchange, failing.get() ? 503 : 200, "{}"));
        Map<String, AtomicBoolean> churn = new ConcurrentHashMap<>();
        server.createContext("/churn/", exchange -> {
            AtomicBoolean down = churn.computeIfAbsent(exchange.getRequestURI().getPath(), path -> new AtomicBoolean());
            answer(exchange, down.getAndSet(!down.get()) ? 500 : 200, "{}");
        });
        server.createContext("/toggle", exchange -> answer(exchange, 200, Boolean.toString(!failing.getAndSet(!failing.get()))));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println(server.getAddress().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our stdin (or dies)
        }
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
