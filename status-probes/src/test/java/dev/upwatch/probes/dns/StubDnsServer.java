package dev.upwatch.probes.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A tiny authoritative DNS server on 127.0.0.1, UDP port 0, for tests: answers from a fixed table, NXDOMAIN for
 * unknown names, and lets a test silence it or mangle its answers. Answer names are compressed (a pointer to the
 * question), as real servers do.
 */
final class StubDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, List<byte[]>> records = new HashMap<>();
    private volatile boolean silent;
    private volatile UnaryOperator<byte[]> mangle = UnaryOperator.identity();
    private final Thread thread;

    StubDnsServer() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().daemon().name("stub-dns").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Adds an answer record (type code and raw RDATA) for {@code name}. */
    StubDnsServer add(String name, int type, byte[] data) {
        records.computeIfAbsent(key(name, type), k -> new ArrayList<>()).add(data);
        records.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
        return this;
    }

    void silence() {
        silent = true;
    }

    void mangle(UnaryOperator<byte[]> change) {
        mangle = change;
    }

    static byte[] name(String name) {
        return DnsMessage.encodeName(name);
    }

    static byte[] text(String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : strings) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    static byte[] mx(int preference, String exchange) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(preference >>> 8);
        out.write(preference);
        out.writeBytes(name(exchange));
        return out.toByteArray();
    }

    private static String key(String name, int type) {
        return name.toLowerCase(Locale.ROOT) + "/" + type;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                if (silent) {
                    continue;
                }
                byte[] answer = mangle.apply(answer(packet.getData(), packet.getLength()));
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private byte[] answer(byte[] query, int length) {
        int at = 12;
        StringBuilder name = new StringBuilder();
        while (query[at] != 0) {
            int size = query[at];
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(new String(query, at + 1, size, StandardCharsets.US_ASCII));
            at += 1 + size;
        }
        int questionEnd = at + 5;
        int type = ((query[at + 1] & 0xFF) << 8) | (query[at + 2] & 0xFF);
        boolean known = records.containsKey(name.toString().toLowerCase(Locale.ROOT));
        List<byte[]> answers = records.getOrDefault(key(name.toString(), type), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]);
        out.write(query[1]);
        out.write(0x81); // QR, RD
        out.write(known ? 0x80 : 0x83); // RA, rcode NOERROR or NXDOMAIN
        out.writeBytes(new byte[] {0, 1, 0, (byte) answers.size(), 0, 0, 0, 0});
        out.write(query, 12, questionEnd - 12);
        for (byte[] data : answers) {
            out.writeBytes(new byte[] {(byte) 0xC0, 12, (byte) (type >>> 8), (byte) type, 0, 1, 0, 0, 0, 60,
                    (byte) (data.length >>> 8), (byte) data.length});
            out.writeBytes(data);
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join();
    }
}
