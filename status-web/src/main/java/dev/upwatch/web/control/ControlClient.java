package dev.upwatch.web.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The command line's side of the {@link ControlChannel}: hands a command to the running server, if there is one. */
public final class ControlClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A command hashes at most one password: seconds, not minutes. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ControlClient() {
    }

    /**
     * Runs the command in the server that {@code file} names. Empty when no server is there (no file, or one a stopped
     * server left behind): then the caller opens the database itself.
     *
     * @throws IllegalStateException when the server is there but refused or failed the command, saying why
     */
    public static Optional<ControlChannel.Answer> send(ControlFile file, String command, List<String> args, String input) {
        Optional<ControlFile.Endpoint> endpoint = file.read();
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", Objects.requireNonNull(command, "command"));
        body.put("args", List.copyOf(args));
        body.put("input", Objects.requireNonNull(input, "input"));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.get().port()
                            + ControlChannel.PATH))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + endpoint.get().secret())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The running Upwatch server refused the command (HTTP "
                        + response.statusCode() + "): " + answer.path("error").asText());
            }
            return Optional.of(new ControlChannel.Answer(answer.path("exitCode").asInt(), answer.path("output").asText(""),
                    answer.path("usageError").asText("")));
        } catch (ConnectException e) {
            return Optional.empty(); // the file is left from a server that has stopped
        } catch (IOException e) {
            throw new IllegalStateException("The running Upwatch server did not answer the command: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the running server ran the command", e);
        }
    }
}
