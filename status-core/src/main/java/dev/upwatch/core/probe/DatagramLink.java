package dev.upwatch.core.probe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * A UDP socket bound to one {@link CheckedAddress} and port, from {@link ProbeEnvironment#openDatagram}: it sends only
 * there and receives only from there (the socket is connected, and it cannot be pointed elsewhere through this type).
 */
public final class DatagramLink implements AutoCloseable {
    private final DatagramSocket socket;
    private final CheckedAddress peer;
    private final int port;

    DatagramLink(DatagramSocket socket, CheckedAddress peer, int port) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.port = port;
    }

    /** The address datagrams go to. */
    public CheckedAddress peer() {
        return peer;
    }

    /** The port datagrams go to. */
    public int port() {
        return port;
    }

    /** Sends {@code data} to the peer. */
    public void send(byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length));
    }

    /**
     * Waits up to {@code timeout} for a datagram from the peer and copies it into {@code buffer}.
     *
     * @return the number of bytes received (a longer datagram is cut to the buffer's length)
     * @throws SocketTimeoutException when nothing came in time
     */
    public int receive(byte[] buffer, Duration timeout) throws IOException {
        // SO_TIMEOUT takes whole ms and reads 0 as "no timeout", so the budget is rounded up to 1 ms.
        socket.setSoTimeout(Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return packet.getLength();
    }

    @Override
    public void close() {
        socket.close();
    }
}
