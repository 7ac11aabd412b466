package dev.upwatch.web.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 127.0.0.1/32}, {@code ::1/128}); a bare
 * address means just that address.
 *
 * @param network the network's address bytes (4 for IPv4, 16 for IPv6)
 * @param prefix  the number of leading bits that must match
 */
public record AddressRange(byte[] network, int prefix) {
    /** Only literal addresses: never resolve a host name while parsing. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    public AddressRange {
        Objects.requireNonNull(network, "network");
        network = network.clone();
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix length must be in [0, " + network.length * 8 + "], got " + prefix);
        }
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException when it is not a literal address and prefix length
     */
    public static AddressRange parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address).orElseThrow(
                () -> new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block"));
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
        }
        return new AddressRange(bytes, prefix);
    }

    /** The bytes of a literal IPv4 or IPv6 address (brackets allowed), empty for anything else. */
    static Optional<byte[]> literal(String address) {
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (bare.isEmpty() || !LITERAL.matcher(bare).matches() || (!bare.contains(":") && bare.chars().filter(c -> c == '.').count() != 3)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** True when {@code address} (a literal) lies in this range; false for anything unparseable. */
    public boolean contains(String address) {
        return literal(address).map(this::contains).orElse(false);
    }

    private boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.prefix == prefix && java.util.Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
