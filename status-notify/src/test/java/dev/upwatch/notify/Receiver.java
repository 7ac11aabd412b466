package dev.upwatch.notify;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on 127.0.0.1 and an ephemeral port: records every request and answers from a script
 * (then 200). A scripted reply may hold its answer until the test releases it.
 */
final class Receiver implements AutoCloseable {

    /** One received request; {@code arrivedNanos} is {@link System#nanoTime()} when it arrived. */
    record Request(String method, String path, Headers headers, byte[] body, long arrivedNanos) {
        String header(String name) {
            return headers.getFirst(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How to answer one request. */
    record Reply(int status, Map<String, String> headers, CountDownLatch hold, String body) {
        static Reply status(int status) {
            return new Reply(status, Map.of(), new CountDownLatch(0), "");
        }

        Reply withHeader(String name, String value) {
            var all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Reply(status, Map.copyOf(all), hold, body);
        }

        /** This reply, sent only once {@code release} is counted down. */
        Reply heldUntil(CountDownLatch release) {
            return new Reply(status, headers, release, body);
        }

        /** This reply with a JSON body. */
        Reply withJsonBody(String json) {
            return new Reply(status, headers, hold, json).withHeader("Content-Type", "application/json");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Request> arrivals = new LinkedBlockingQueue<>();
    private final List<CountDownLatch> holds = new CopyOnWriteArrayList<>();

    private Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** A started receiver answering 200 to everything. */
    static Receiver answeringOk() throws IOException {
        return new Receiver();
    }

    /** A started receiver answering {@code replies} in order, then 200. */
    static Receiver answering(Reply... replies) throws IOException {
        Receiver receiver = new Receiver();
        receiver.script.addAll(List.of(replies));
        return receiver;
    }

    /** A started receiver answering the given statuses in order, then 200. */
    static Receiver answering(int... statuses) throws IOException {
        Receiver receiver = new Receiver();
        for (int status : statuses) {
            receiver.script.add(Reply.status(status));
        }
        return receiver;
    }

    /** The URL of {@code path} on this receiver. */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Every request so far, in arrival order. */
    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The requests to {@code path} so far. */
    List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The next request not yet taken, waiting at most {@code timeout}; empty when none came. */
    Optional<Request> pollRequest(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(arrivals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Waits for the next request not yet taken, failing after {@code timeout}. */
    Request awaitRequest(Duration timeout) throws InterruptedException {
        Request request = arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (request == null) {
            throw new AssertionError("no request within " + timeout);
        }
        return request;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers copy = new Headers();
            copy.putAll(exchange.getRequestHeaders());
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), copy,
                    exchange.getRequestBody().readAllBytes(), System.nanoTime());
            requests.add(request);
            arrivals.add(request);
            Reply reply = script.poll();
            if (reply == null) {
                reply = Reply.status(200);
            }
            holds.add(reply.hold());
            try {
                reply.hold().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Override
    public void close() {
        holds.forEach(latch -> {
            while (latch.getCount() > 0) {
                latch.countDown();
            }
        });
        server.stop(0);
        threads.shutdownNow();
    }
}
