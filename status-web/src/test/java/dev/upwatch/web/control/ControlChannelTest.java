package dev.upwatch.web.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control channel runs a command only for a caller with the control file's secret, on the loopback address;
 * a bad command line comes back as its message; a file left by a stopped server is passed over.
 */
class ControlChannelTest {
    @TempDir
    Path dir;

    @Test
    void runsCommandsForTheHolderOfTheSecretOnly() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ControlFile file = ControlFile.in(dir);
        try (ControlChannel channel = ControlChannel.open(file, (command, args, input) -> {
            runs.incrementAndGet();
            if (args.isEmpty()) {
                throw new IllegalArgumentException("user needs a subcommand");
            }
            return new ControlChannel.Answer(0, command + " " + String.join(" ", args) + " <" + input + ">\n", "");
        })) {
            assertEquals(Optional.of(channel.endpoint()), file.read());
            assertEquals(Optional.of(new ControlChannel.Answer(0, "user add ada <pass phrase>\n", "")),
                    ControlClient.send(file, "user", List.of("add", "ada"), "pass phrase"));
            assertEquals(Optional.of(new ControlChannel.Answer(2, "", "user needs a subcommand")),
                    ControlClient.send(file, "user", List.of(), ""));

            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + channel.endpoint().port()
                    + ControlChannel.PATH)).POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"user\",\"args\":[\"list\"]}"));
            try (HttpClient client = HttpClient.newHttpClient()) {
                assertEquals(401, client.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                assertEquals(401, client.send(post.header("Authorization", "Bearer " + channel.endpoint().secret() + "x")
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            assertEquals(2, runs.get(), "refused requests run nothing");

            ControlFile forged = new ControlFile(dir.resolve("forged"));
            forged.write(new ControlFile.Endpoint(channel.endpoint().port(), "guessed"));
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> ControlClient.send(forged, "user", List.of("list"), ""));
            assertTrue(refused.getMessage().contains("refused the command (HTTP 401)"), refused.getMessage());
        }
        assertFalse(Files.exists(file.path()), "closing removes the file");
    }

    @Test
    void aFileLeftByAStoppedServerIsPassedOver() throws Exception {
        ControlFile file = ControlFile.in(dir);
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        file.write(new ControlFile.Endpoint(port, "left-behind"));
        assertEquals(Optional.empty(), ControlClient.send(file, "user", List.of("list"), ""));
        assertEquals(Optional.empty(), ControlClient.send(ControlFile.in(dir.resolve("none")), "user", List.of(), ""));
    }
}
