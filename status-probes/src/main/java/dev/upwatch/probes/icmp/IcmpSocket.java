package dev.upwatch.probes.icmp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;
import dev.upwatch.core.probe.CheckedAddress;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An ICMP echo socket bound to one {@link CheckedAddress}: the socket is {@code connect}ed to that address, so the kernel
 * sends only there and delivers replies only from there; this class has no way to address anything else.
 *
 * <p>Two kinds, tried in this order ({@link Kind#AUTO}): a <b>ping socket</b> ({@code SOCK_DGRAM}, {@code IPPROTO_ICMP};
 * no privilege needed where the process's group is inside {@code net.ipv4.ping_group_range}; the kernel picks the
 * identifier and checksum and hands back only our replies), then a <b>raw socket</b> ({@code SOCK_RAW}; needs
 * {@code CAP_NET_RAW}, e.g. root; it sees every echo reply from the target, so replies are matched by identifier and
 * sequence). Where neither opens, {@link IcmpUnavailableException} says why and what to change.
 *
 * <p>Calls block in native code, so they run on platform threads ({@link IcmpThreads}), never on a check's virtual
 * thread, which would pin its carrier. Not thread-safe: one exchange at a time.
 */
final class IcmpSocket implements AutoCloseable {
    private static final int ECHO_REQUEST_V4 = 8;
    private static final int ECHO_REPLY_V4 = 0;
    private static final int ECHO_REQUEST_V6 = 128;
    private static final int ECHO_REPLY_V6 = 129;
    /** Longest poll before looking at the thread's interrupt flag again, in ms. */
    private static final int POLL_SLICE_MILLIS = 100;
    static final Path PING_GROUP_RANGE = Path.of("/proc/sys/net/ipv4/ping_group_range");

    /** Which socket to open. */
    enum Kind {
        /** A ping socket where allowed, else a raw socket. */
        AUTO,
        /** Only a ping socket (unprivileged ICMP). */
        PING,
        /** Only a raw socket ({@code CAP_NET_RAW}). */
        RAW
    }

    private final int fd;
    private final boolean raw;
    private final boolean v6;
    private final byte[] buffer = new byte[65_536];
    private boolean closed;

    private IcmpSocket(int fd, boolean raw, boolean v6) {
        this.fd = fd;
        this.raw = raw;
        this.v6 = v6;
    }

    /**
     * Opens a socket of {@code kind} connected to {@code target}.
     *
     * @throws IcmpUnavailableException when this process may not open one (with what would allow it)
     * @throws IOException              when the connect fails (no route, ...)
     */
    static IcmpSocket open(CheckedAddress target, Kind kind) throws IOException {
        if (!Platform.isLinux()) {
            throw new IcmpUnavailableException("icmp probes need Linux (ping and raw ICMP sockets); this is "
                    + System.getProperty("os.name"));
        }
        boolean v6 = target.address() instanceof Inet6Address;
        int domain = v6 ? Libc.AF_INET6 : Libc.AF_INET;
        int protocol = v6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP;
        Optional<LastErrorException> pingRefusal = Optional.empty();
        int fd = -1;
        boolean raw = false;
        if (kind != Kind.RAW) {
            try {
                fd = Libc.socket(domain, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, protocol);
            } catch (LastErrorException e) {
                if (!refused(e)) {
                    throw new IOException("cannot open a ping socket: " + e.getMessage(), e);
                }
                pingRefusal = Optional.of(e);
            }
        }
        if (fd < 0 && kind != Kind.PING) {
            try {
                fd = Libc.socket(domain, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
                raw = true;
            } catch (LastErrorException e) {
                if (!refused(e)) {
                    throw new IOException("cannot open a raw ICMP socket: " + e.getMessage(), e);
                }
            }
        }
        if (fd < 0) {
            throw new IcmpUnavailableException(unavailable(kind));
        }
        IcmpSocket socket = new IcmpSocket(fd, raw, v6);
        try {
            byte[] address = sockaddr(target);
            Libc.connect(fd, address, address.length);
            return socket;
        } catch (LastErrorException e) {
            socket.close();
            throw new IOException(sentence(e), e);
        }
    }

    /** Whether the socket is a raw one (else a ping socket). */
    boolean raw() {
        return raw;
    }

    /**
     * Sends one echo request. On a ping socket the kernel replaces {@code identifier} with its own and fills in the
     * checksum.
     */
    void send(int identifier, int sequence, byte[] payload) throws IOException {
        ByteBuffer packet = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.BIG_ENDIAN);
        packet.put((byte) (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4)).put((byte) 0).putShort((short) 0)
                .putShort((short) identifier).putShort((short) sequence).put(payload);
        byte[] bytes = packet.array();
        if (!v6) {
            int sum = checksum(bytes);
            bytes[2] = (byte) (sum >> 8);
            bytes[3] = (byte) sum;
        } // ICMPv6: the kernel computes the checksum, which covers a pseudo-header we do not see
        try {
            Libc.send(fd, bytes, bytes.length, 0);
        } catch (LastErrorException e) {
            throw new IOException(sentence(e), e);
        }
    }

    /**
     * Waits until {@code deadlineNanos} ({@link System#nanoTime()}) for the echo reply with {@code sequence} (and, on a
     * raw socket, {@code identifier}).
     *
     * @return when the reply arrived ({@link System#nanoTime()}), or empty when none came in time
     * @throws InterruptedIOException when the thread is interrupted (the check was abandoned)
     * @throws IOException            when the kernel reports an error for the target (host unreachable, ...)
     */
    Optional<Long> awaitReply(int identifier, int sequence, long deadlineNanos) throws IOException {
        byte[] pollFd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(fd).putShort(Libc.POLLIN)
                .putShort((short) 0).array();
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedIOException("echo abandoned");
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            int ready;
            try {
                ready = Libc.poll(pollFd, 1, (int) Math.min(POLL_SLICE_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Libc.EINTR) {
                    continue;
                }
                throw new IOException(sentence(e), e);
            }
            if (ready <= 0) {
                continue;
            }
            while (true) {
                long length;
                try {
                    length = Libc.recv(fd, buffer, buffer.length, Libc.MSG_DONTWAIT);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Libc.EAGAIN || e.getErrorCode() == Libc.EINTR) {
                        break;
                    }
                    throw new IOException(sentence(e), e);
                }
                long receivedAt = System.nanoTime();
                if (matches((int) length, identifier, sequence)) {
                    return Optional.of(receivedAt);
                }
            }
        }
    }

    /** Whether the datagram in {@link #buffer} is the awaited echo reply. */
    private boolean matches(int length, int identifier, int sequence) {
        int at = 0;
        if (raw && !v6) {
            if (length < 20) {
                return false;
            }
            at = (buffer[0] & 0x0f) * 4; // a raw IPv4 socket gets the IP header too
        }
        if (length - at < 8) {
            return false;
        }
        int type = buffer[at] & 0xff;
        int id = ((buffer[at + 4] & 0xff) << 8) | (buffer[at + 5] & 0xff);
        int seq = ((buffer[at + 6] & 0xff) << 8) | (buffer[at + 7] & 0xff);
        return type == (v6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4) && seq == (sequence & 0xffff)
                && (!raw || id == (identifier & 0xffff));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                Libc.close(fd);
            } catch (LastErrorException e) {
                // nothing more to release
            }
        }
    }

    /** The Internet checksum (RFC 1071) of {@code bytes}. */
    static int checksum(byte[] bytes) {
        long sum = 0;
        for (int i = 0; i + 1 < bytes.length; i += 2) {
            sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
        }
        if (bytes.length % 2 == 1) {
            sum += (bytes[bytes.length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** {@code sockaddr_in} or {@code sockaddr_in6} of {@code target}, port 0. */
    private static byte[] sockaddr(CheckedAddress target) {
        byte[] address = target.address().getAddress();
        boolean v6 = address.length == 16;
        ByteBuffer sockaddr = ByteBuffer.allocate(v6 ? 28 : 16);
        sockaddr.order(ByteOrder.nativeOrder()).putShort((short) (v6 ? Libc.AF_INET6 : Libc.AF_INET));
        sockaddr.order(ByteOrder.BIG_ENDIAN).putShort((short) 0);
        if (v6) {
            sockaddr.putInt(0).put(address);
            int scope = target.address() instanceof Inet6Address inet6 ? inet6.getScopeId() : 0;
            sockaddr.order(ByteOrder.nativeOrder()).putInt(scope);
        } else {
            sockaddr.put(address);
        }
        return sockaddr.array();
    }

    private static boolean refused(LastErrorException e) {
        int code = e.getErrorCode();
        return code == Libc.EACCES || code == Libc.EPERM || code == Libc.EPROTONOSUPPORT
                || code == Libc.EAFNOSUPPORT;
    }

    /** Why no socket could be opened, and what allows one. */
    private static String unavailable(Kind kind) {
        // At most 200 characters: reasons are cut there (FailureReason.MAX_LENGTH).
        String range = "net.ipv4.ping_group_range '" + readPingGroupRange().orElse("?") + "'";
        String group = "gid " + processId("Gid");
        String allow = "net.ipv4.ping_group_range=\"0 2147483647\"";
        return switch (kind) {
            case PING -> "ICMP not permitted for " + group + ": " + range + " excludes it; set " + allow;
            case RAW -> "ICMP not permitted for uid " + processId("Uid") + ": raw sockets need CAP_NET_RAW";
            case AUTO -> "ICMP not permitted for " + group + ": " + range + " excludes it and raw sockets need"
                    + " CAP_NET_RAW; set " + allow + " or grant the JVM CAP_NET_RAW";
        };
    }

    /**
     * {@code net.ipv4.ping_group_range}, e.g. {@code 1 0}. Read in one call: a sysctl file answers a read at an offset
     * other than 0 with nothing, which is all the JDK's whole-file reads get after their first small read.
     */
    static Optional<String> readPingGroupRange() {
        try (InputStream in = Files.newInputStream(PING_GROUP_RANGE)) {
            byte[] buffer = new byte[256];
            int length = in.read(buffer);
            return length <= 0 ? Optional.empty()
                    : Optional.of(new String(buffer, 0, length, StandardCharsets.US_ASCII).strip().replaceAll("\\s+", " "));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The effective id of {@code field} ("Uid", "Gid") from {@code /proc/self/status}, or "?" . */
    private static String processId(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    String[] ids = line.substring(field.length() + 1).strip().split("\\s+");
                    return ids.length > 1 ? ids[1] : ids[0];
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "?";
    }

    /** A short sentence for a failed call: "network unreachable" rather than JNA's "[101] Network is unreachable". */
    private static String sentence(LastErrorException e) {
        String message = Objects.requireNonNullElse(e.getMessage(), "error " + e.getErrorCode());
        int bracket = message.indexOf("] ");
        return (bracket >= 0 ? message.substring(bracket + 2) : message).toLowerCase(java.util.Locale.ROOT);
    }
}
