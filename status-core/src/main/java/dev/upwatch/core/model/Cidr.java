package dev.upwatch.core.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 127.0.0.1/32}, {@code fd12:3456::/32}); a bare
 * address means just that address. The one parser of address ranges: the egress policy's {@code allow} list and the
 * trusted proxies both use it. Only literal addresses are read — IPv4 as four decimal numbers without leading zeros,
 * IPv6 in any standard form — so parsing never looks a name up, and no spelling means one thing here and another to
 * a different tool ({@code 0177.0.0.1}, {@code 2130706433} and {@code 10/8} are refused).
 *
 * @param network the network's address bytes (4 for IPv4, 16 for IPv6)
 * @param prefix  the number of leading bits that must match
 */
public record Cidr(byte[] network, int prefix) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("network must have 4 or 16 bytes");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix must be 0.." + network.length * 8 + ", got " + prefix);
        }
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address).map(InetAddress::getAddress).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not an IP address or CIDR (e.g. 10.0.0.0/8)"));
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length after '/'");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bytes.length * 8);
            }
        }
        return new Cidr(bytes, prefix);
    }

    /**
     * The address written in {@code text}, if it is a literal: four decimal numbers 0–255 without leading zeros, or
     * an IPv6 address (brackets allowed). Never looks a name up.
     */
    public static Optional<InetAddress> literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (bare.indexOf(':') >= 0) {
            if (!bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return Optional.empty();
            }
            try {
                // Bracketed, the JDK parses an IPv6 literal or fails; it never sends such a string to a resolver.
                return Optional.of(InetAddress.getByName("[" + bare + "]"));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return dottedQuad(bare).map(bytes -> {
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // four bytes are always an address
            }
        });
    }

    /** The bytes of {@code a.b.c.d} with each part 0–255 written in decimal without leading zeros. */
    private static Optional<byte[]> dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return Optional.of(bytes);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** Whether {@code address} lies in this range; IPv4-mapped and similar IPv6 forms count as their IPv4 address. */
    public boolean contains(InetAddress address) {
        return contains(comparable(address));
    }

    /** Whether {@code text}, a literal address, lies in this range; false for anything that is not a literal. */
    public boolean contains(String text) {
        return literal(text).map(this::contains).orElse(false);
    }

    /** Whether {@code address} (4 or 16 bytes) lies in this range. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bytes an address is judged by: the IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}),
     * IPv4-compatible or NAT64 ({@code 64:ff9b::/96}) IPv6 address, else its own bytes.
     */
    public static byte[] comparable(InetAddress address) {
        byte[] a = address.getAddress();
        if (!(address instanceof Inet6Address)) {
            return a;
        }
        boolean zeroPrefix = Arrays.equals(Arrays.copyOfRange(a, 0, 10), new byte[10]);
        boolean mapped = zeroPrefix && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && a[10] == 0 && a[11] == 0 && (a[12] != 0 || a[13] != 0);
        boolean nat64 = Arrays.equals(Arrays.copyOfRange(a, 0, 12),
                new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});
        return mapped || compatible || nat64 ? Arrays.copyOfRange(a, 12, 16) : a;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && prefix == cidr.prefix && Arrays.equals(network, cidr.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
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
