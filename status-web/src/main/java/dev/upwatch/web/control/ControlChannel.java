package dev.upwatch.web.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The running server's door for the command line while it holds the embedded database: an HTTP listener on the
 * loopback address only, at a random port, that runs a store command ({@code token ...}, {@code user ...}) with the
 * server's own stores and answers its output. Each request must carry the secret of the {@link ControlFile}; one
 * command runs at a time. See {@code docs/architecture.md} ("Commands beside a running server") for why this and not
 * H2's automatic TCP server.
 */
public final class ControlChannel implements AutoCloseable {
    /** The path commands are posted to. */
    static final String PATH = "/command";
    /** A command's request body, at most (arguments and a password), in bytes. */
    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    private final ControlFile file;
    private final ControlFile.Endpoint endpoint;
    private final Commands commands;

    /** Runs one command with the server's stores. */
    @FunctionalInterface
    public interface Commands {
        /**
         * Runs {@code command} with {@code args} and the standard input text {@code input}.
         *
         * @throws IllegalArgumentException for a bad command line (its message goes back to the caller)
         */
        Answer run(String command, List<String> args, String input);
    }

    /**
     * What a command did.
     *
     * @param exitCode the command's exit code
     * @param output   what it printed
     * @param usageError a bad command line's message (then exit code 2 is the caller's to choose), or empty
     */
    public record Answer(int exitCode, String output, String usageError) {
        public Answer {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(usageError, "usageError");
        }
    }

    private ControlChannel(HttpServer server, ExecutorService executor, ControlFile file, ControlFile.Endpoint endpoint,
                           Commands commands) {
        this.server = server;
        this.executor = executor;
        this.file = file;
        this.endpoint = endpoint;
        this.commands = commands;
    }

    /** Listens on the loopback address and writes {@code file}; close to stop and remove the file. */
    public static ControlChannel open(ControlFile file, Commands commands) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(commands, "commands");
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the loopback address for commands", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("upwatch-control")
                .factory());
        server.setExecutor(executor);
        ControlFile.Endpoint endpoint = new ControlFile.Endpoint(server.getAddress().getPort(), secret);
        ControlChannel channel = new ControlChannel(server, executor, file, endpoint, commands);
        server.createContext(PATH, channel::handle);
        server.start();
        try {
            file.write(endpoint);
        } catch (RuntimeException e) {
            server.stop(0);
            executor.shutdownNow();
            throw e;
        }
        return channel;
    }

    /** Where the channel listens (for tests). */
    ControlFile.Endpoint endpoint() {
        return endpoint;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                answer(exchange, 405, Map.of("error", "POST a command"));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8),
                    ("Bearer " + endpoint.secret()).getBytes(StandardCharsets.UTF_8))) {
                answer(exchange, 401, Map.of("error", "the control secret is missing or wrong"));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                answer(exchange, 413, Map.of("error", "a command is at most " + MAX_BODY + " bytes"));
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (IOException e) {
                answer(exchange, 400, Map.of("error", "the body is not JSON"));
                return;
            }
            List<String> args = new ArrayList<>();
            request.path("args").forEach(arg -> args.add(arg.asText()));
            Answer answer;
            try {
                answer = commands.run(request.path("command").asText(), args, request.path("input").asText(""));
            } catch (IllegalArgumentException e) {
                answer = new Answer(2, "", Objects.requireNonNullElse(e.getMessage(), e.toString()));
            } catch (RuntimeException e) {
                answer(exchange, 500, Map.of("error", "the command failed in the server: " + e));
                return;
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("exitCode", answer.exitCode());
            reply.put("output", answer.output());
            reply.put("usageError", answer.usageError());
            answer(exchange, 200, reply);
        }
    }

    private static void answer(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Stops listening and removes the control file. */
    @Override
    public void close() {
        file.delete(endpoint);
        server.stop(0);
        executor.shutdownNow();
    }
}
