package dev.upwatch.bench;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

/**
 * The servers the probe benchmark checks, in a process of their own so that their CPU does not count against
 * Upwatch's: a WebSocket echo ({@code /echo}, Jetty), a gRPC health service (grpc-java, plaintext, SERVING) and
 * minimal SMTP and IMAP servers (greeting, {@code EHLO}/{@code QUIT}, {@code CAPABILITY}/{@code LOGOUT}; no TLS).
 * Prints {@code websocket=PORT grpc=PORT smtp=PORT imap=PORT}, then serves until stdin closes.
 */
public final class ProbeTargetServer {
    private ProbeTargetServer() {
    }

    /** Answers each text message with the message. Public: Jetty calls endpoints through method handles. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }
    }

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        org.eclipse.jetty.server.Server jetty = new org.eclipse.jetty.server.Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(loopback.getHostAddress());
        connector.setAcceptQueueSize(1_024);
        jetty.addConnector(connector);
        jetty.setHandler(WebSocketUpgradeHandler.from(jetty, container -> {
            container.setIdleTimeout(Duration.ofSeconds(30));
            container.addMapping("/echo", (request, response, callback) -> new Echo());
        }));
        jetty.start();

        HealthStatusManager health = new HealthStatusManager();
        Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress(loopback, 0))
                .addService(health.getHealthService()).build().start();

        ServerSocket smtp = lineServer(loopback, "220 bench.test ESMTP ready", line -> {
            String command = line.toUpperCase(java.util.Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                return "250-bench.test\r\n250 8BITMIME";
            }
            return command.startsWith("QUIT") ? "221 bye" : "502 not implemented";
        });
        ServerSocket imap = lineServer(loopback, "* OK [CAPABILITY IMAP4rev1] bench ready", line -> {
            String[] parts = line.split(" ", 2);
            String command = parts.length > 1 ? parts[1].toUpperCase(java.util.Locale.ROOT) : "";
            if (command.startsWith("CAPABILITY")) {
                return "* CAPABILITY IMAP4rev1\r\n" + parts[0] + " OK done";
            }
            return command.startsWith("LOGOUT") ? "* BYE\r\n" + parts[0] + " OK bye" : parts[0] + " BAD unknown";
        });

        System.out.printf("websocket=%d grpc=%d smtp=%d imap=%d%n", connector.getLocalPort(), grpc.getPort(),
                smtp.getLocalPort(), imap.getLocalPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our stdin (or dies)
        }
        grpc.shutdownNow();
        jetty.stop();
        smtp.close();
        imap.close();
    }

    /** A line-based server: sends {@code greeting}, then the reply to each line until the client hangs up. */
    private static ServerSocket lineServer(InetAddress address, String greeting, Function<String, String> reply)
            throws IOException {
        ServerSocket listener = new ServerSocket(0, 1_024, address);
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                Socket socket;
                try {
                    socket = listener.accept();
                } catch (IOException e) {
                    return;
                }
                Thread.ofVirtual().start(() -> converse(socket, greeting, reply));
            }
        });
        return listener;
    }

    private static void converse(Socket socket, String greeting, Function<String, String> reply) {
        try (socket) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            out.write((greeting + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write((reply.apply(line) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the probe hung up
        }
    }
}
