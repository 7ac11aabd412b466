package dev.upwatch.probes.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A real HTTP(S) server on 127.0.0.1 and a free port, with the endpoints the probe tests need:
 * <ul>
 *   <li>{@code /json}: 200 with a small JSON document</li>
 *   <li>{@code /unavailable}: 503</li>
 *   <li>{@code /slow}: answers after 10 s, far beyond any test timeout</li>
 *   <li>{@code /sleep100}: answers after 100 ms</li>
 *   <li>{@code /moved}: 301 to {@code /json}</li>
 *   <li>{@code /chain/N}: 302 to {@code /chain/N-1}; {@code /chain/0} is 200</li>
 *   <li>{@code /big}: 200 with {@value #BIG_BODY_BYTES} bytes of 'x'</li>
 *   <li>{@code /gzip}: 200 with {@value #GZIP_BODY_BYTES} bytes of 'a', gzip-compressed when the client accepts it</li>
 *   <li>{@code /echo}: 200 echoing the method, the {@code X-Probe} and {@code Content-Type} headers and the body</li>
 *   <li>{@code /submitted}: 303 to {@code /echo}</li>
 *   <li>{@code /to-file}: 302 to a {@code file:} URL</li>
 *   <li>{@code /whoami}: 200 with the {@code Authorization} header, or {@code anonymous}</li>
 *   <li>{@code /again}: 307 to {@code /whoami}, same origin</li>
 *   <li>{@code /away}: 302 to {@code /whoami} on {@code localhost}, another origin than {@code 127.0.0.1}</li>
 *   <li>{@code /latin1}: 200 with a body in ISO-8859-1, declared in the {@code Content-Type}</li>
 * </ul>
 */
final class LocalHttpServer implements AutoCloseable {
    static final String JSON = "{\"status\":\"UP\",\"checks\":[1,2,3]}";
    static final int BIG_BODY_BYTES = 5_000;
    static final int GZIP_BODY_BYTES = 100_000;
    /** Pending connections the listening socket queues; generous, so bursts of checks are not slowed by SYN retries. */
    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger gzipResponses = new AtomicInteger();
    private final String scheme;

    private LocalHttpServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(executor);
        server.createContext("/json", exchange -> respond(exchange, 200, "application/json; charset=utf-8", JSON));
        server.createContext("/unavailable", exchange -> respond(exchange, 503, "text/plain", "down for maintenance"));
        server.createContext("/slow", exchange -> {
            pause(10_000);
            respond(exchange, 200, "text/plain", "finally");
        });
        server.createContext("/sleep100", exchange -> {
            pause(100);
            respond(exchange, 200, "text/plain", "rested");
        });
        server.createContext("/moved", exchange -> redirect(exchange, 301, "/json"));
        server.createContext("/chain/", exchange -> {
            int left = Integer.parseInt(exchange.getRequestURI().getPath().substring("/chain/".length()));
            if (left == 0) {
                respond(exchange, 200, "text/plain", "end of chain");
            } else {
                redirect(exchange, 302, "/chain/" + (left - 1));
            }
        });
        server.createContext("/submitted", exchange -> redirect(exchange, 303, "/echo"));
        server.createContext("/to-file", exchange -> redirect(exchange, 302, "file:///etc/passwd"));
        server.createContext("/whoami", exchange -> respond(exchange, 200, "text/plain",
                Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Authorization"), "anonymous")));
        server.createContext("/again", exchange -> redirect(exchange, 307, "/whoami"));
        server.createContext("/away", exchange -> redirect(exchange, 302,
                scheme + "://localhost:" + server.getAddress().getPort() + "/whoami"));
        server.createContext("/latin1", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=ISO-8859-1");
            send(exchange, 200, "café".getBytes(StandardCharsets.ISO_8859_1));
        });
        server.createContext("/big", exchange -> respond(exchange, 200, "text/plain", "x".repeat(BIG_BODY_BYTES)));
        server.createContext("/gzip", this::gzip);
        server.createContext("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            respond(exchange, 200, "text/plain", exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("X-Probe") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
        });
        server.start();
    }

    /** A plain HTTP server. */
    static LocalHttpServer http() throws IOException {
        return new LocalHttpServer(HttpServer.create(loopback(), BACKLOG), "http");
    }

    /** An HTTPS server presenting the certificate in {@code tls}. */
    static LocalHttpServer https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(loopback(), BACKLOG);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new LocalHttpServer(server, "https");
    }

    /** The URL of {@code path} on this server, e.g. {@code http://127.0.0.1:41234/json}. */
    String url(String path) {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How many gzip-compressed responses were sent. */
    int gzipResponses() {
        return gzipResponses.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void gzip(HttpExchange exchange) throws IOException {
        byte[] plain = "a".repeat(GZIP_BODY_BYTES).getBytes(StandardCharsets.US_ASCII);
        String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (accepted == null || !accepted.contains("gzip")) {
            respond(exchange, 200, "text/plain", new String(plain, StandardCharsets.US_ASCII));
            return;
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(plain);
        }
        gzipResponses.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        send(exchange, 200, compressed.toByteArray());
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        respond(exchange, status, "text/plain", "see " + location);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
