package dev.upwatch.core.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An address the {@link EgressPolicy} allowed, and the host it was resolved from. Only a {@link ProbeEnvironment} makes
 * these, so holding one means the check was made; {@link ProbeEnvironment#connect} and
 * {@link ProbeEnvironment#openDatagram} take nothing else, and connect to exactly this address without looking the name
 * up again.
 */
public final class CheckedAddress {
    private final String host;
    private final InetAddress address;

    CheckedAddress(String host, InetAddress address) {
        this.host = Objects.requireNonNull(host, "host");
        this.address = Objects.requireNonNull(address, "address");
    }

    /** The host as the monitor names it, e.g. {@code api.example.com} or {@code 192.0.2.7}. */
    public String host() {
        return host;
    }

    /** The allowed address. */
    public InetAddress address() {
        return address;
    }

    /** The address as text, e.g. {@code 192.0.2.7} (for {@code [IP]}). */
    public String hostAddress() {
        return address.getHostAddress();
    }

    /** The allowed address with {@code port}, already resolved (for a library that connects by itself). */
    public InetSocketAddress socketAddress(int port) {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        String literal = address.getHostAddress();
        return host.equals(literal) ? host : host + " (" + literal + ")";
    }
}
