package dev.upwatch.probes.icmp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The C library's socket calls the JDK does not offer for ICMP (it has no ICMP socket), bound with JNA's direct
 * mapping. Only {@link IcmpSocket} calls them, and it opens sockets only to a checked address; the ArchUnit rule of the
 * probes keeps every other class away from them. Constants are Linux's (x86-64 and AArch64).
 */
final class Libc {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    /** Not inherited by child processes. */
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_ICMPV6 = 58;
    static final short POLLIN = 1;
    static final int MSG_DONTWAIT = 0x40;
    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EPROTONOSUPPORT = 93;
    static final int EAFNOSUPPORT = 97;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private Libc() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    /** {@code address} is a {@code sockaddr_in} or {@code sockaddr_in6} in native byte order where C has it. */
    static native int connect(int fd, byte[] address, int length) throws LastErrorException;

    static native long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    static native long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    /** {@code fds} holds {@code struct pollfd} entries (int fd, short events, short revents), 8 bytes each. */
    static native int poll(byte[] fds, long count, int timeoutMillis) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}
