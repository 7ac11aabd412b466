package dev.upwatch.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The response-header attacks of issue #15, for measuring an Upwatch process's memory under them
 * ({@code scripts/header-attack-rss}): answers every request on 127.0.0.1:PORT with {@code benign} headers, a 16 MiB
 * header ({@code big16}), 200,000 headers ({@code many}) or one 600 MiB header ({@code huge600}).
 * Usage: {@code java -cp upwatch-bench.jar dev.upwatch.bench.HostileHeaderServer MODE PORT}.
 */
public final class HostileHeaderServer {
    private static final int MIB = 1_048_576;

    private HostileHeaderServer() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getLoopbackAddress())) {
            while (true) {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> answer(socket, mode));
            }
        }
    }

    private static void answer(Socket socket, String mode) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // the request head
            }
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[MIB];
            Arrays.fill(chunk, (byte) 'a');
            switch (mode) {
                case "big16" -> header(out, "X-Big", chunk, 16);
                case "many" -> {
                    for (int i = 0; i < 200_000; i++) {
                        out.write(("X-H-" + i + ": v\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
                case "huge600" -> header(out, "X-Huge", chunk, 600);
                default -> {
                    // benign: only the framing headers below
                }
            }
            out.write("Content-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // the client hung up, at its cap or its timeout
        }
    }

    private static void header(OutputStream out, String name, byte[] chunk, int mebibytes) throws IOException {
        out.write((name + ": ").getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < mebibytes; i++) {
            out.write(chunk);
        }
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
}
