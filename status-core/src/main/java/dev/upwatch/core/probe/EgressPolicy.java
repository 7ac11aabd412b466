package dev.upwatch.core.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which addresses outbound requests (probes, webhooks) may connect to. A target host is resolved once, every
 * address it resolves to is checked here, and the connection goes to the checked address, so a second DNS answer
 * cannot swap in another one.
 *
 * <p>Always denied, whatever the settings: cloud metadata endpoints ({@code 169.254.169.254}, {@code fd00:ec2::254}),
 * link-local ({@code 169.254.0.0/16}, {@code fe80::/10}), multicast, broadcast, unspecified and
 * {@code 0.0.0.0/8}, and reserved {@code 240.0.0.0/4}. "Private" addresses — loopback, RFC 1918, CGNAT
 * {@code 100.64.0.0/10}, IPv6 ULA {@code fc00::/7} and site-local — are allowed unless {@code denyPrivate} is set.
 * CIDRs in {@code allowed} open any denied range except the metadata endpoints. IPv4-mapped, IPv4-compatible and
 * NAT64 ({@code 64:ff9b::/96}) IPv6 addresses are judged by the IPv4 address they carry.
 *
 * <p>The policy is process-wide: the application {@linkplain #install installs} the configured one at start-up,
 * and probes and webhook senders read {@link #current()} on every request.
 *
 * @param denyPrivate whether loopback and private ranges are denied
 * @param allowed     CIDRs allowed even though a rule above denies them
 */
public record EgressPolicy(boolean denyPrivate, List<Cidr> allowed) {
    /** How the error text of every blocked check begins. */
    public static final String BLOCKED_PREFIX = "blocked by egress policy: ";
    private static volatile EgressPolicy current = defaults();

    public EgressPolicy {
        allowed = List.copyOf(allowed);
    }

    /** The built-in policy: only the always-denied ranges are denied. */
    public static EgressPolicy defaults() {
        return new EgressPolicy(false, List.of());
    }

    /** The policy that outbound requests follow now. */
    public static EgressPolicy current() {
        return current;
    }

    /** Makes {@code policy} the one every later outbound request follows. */
    public static void install(EgressPolicy policy) {
        current = Objects.requireNonNull(policy, "policy");
    }

    /** Why {@code address} must not be connected to; empty when it may. */
    public Optional<String> problem(InetAddress address) {
        byte[] bytes = embeddedIpv4(address).orElse(address.getAddress());
        if (isMetadata(bytes)) {
            return Optional.of("cloud metadata address");
        }
        Optional<String> denied = alwaysDenied(bytes).or(() -> denyPrivate ? privateRange(bytes) : Optional.empty());
        if (denied.isPresent() && allowed.stream().anyMatch(cidr -> cidr.contains(bytes))) {
            return Optional.empty();
        }
        return denied;
    }

    /**
     * Checks every address {@code host} resolved to.
     *
     * @throws EgressDeniedException naming the host, the address and the rule, if any address is denied
     */
    public void requireAllowed(String host, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            Optional<String> problem = problem(address);
            if (problem.isPresent()) {
                String shown = host.equals(address.getHostAddress()) ? host : host + " (" + address.getHostAddress() + ")";
                throw new EgressDeniedException(BLOCKED_PREFIX + shown + " is a " + problem.get());
            }
        }
    }

    private static boolean isMetadata(byte[] a) {
        return Arrays.equals(a, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})
                || Arrays.equals(a, new byte[] {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x54});
    }

    private static Optional<String> alwaysDenied(byte[] a) {
        if (a.length == 4) {
            int first = a[0] & 0xff;
            if (first == 0) {
                return Optional.of("\"this network\" address (0.0.0.0/8)");
            }
            if (first == 169 && (a[1] & 0xff) == 254) {
                return Optional.of("link-local address");
            }
            if (first >= 224 && first <= 239) {
                return Optional.of("multicast address");
            }
            if (first >= 240) {
                return Optional.of("reserved or broadcast address");
            }
            return Optional.empty();
        }
        if (Arrays.equals(a, new byte[16])) {
            return Optional.of("unspecified address");
        }
        if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80) {
            return Optional.of("link-local address");
        }
        if ((a[0] & 0xff) == 0xff) {
            return Optional.of("multicast address");
        }
        return Optional.empty();
    }

    private static Optional<String> privateRange(byte[] a) {
        if (a.length == 4) {
            int first = a[0] & 0xff;
            int second = a[1] & 0xff;
            if (first == 127) {
                return Optional.of("loopback address");
            }
            if (first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)) {
                return Optional.of("private address (RFC 1918)");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("shared address (CGNAT 100.64.0.0/10)");
            }
            return Optional.empty();
        }
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        if (Arrays.equals(a, loopback)) {
            return Optional.of("loopback address");
        }
        if ((a[0] & 0xfe) == 0xfc) {
            return Optional.of("unique local address (fc00::/7)");
        }
        if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0xc0) {
            return Optional.of("site-local address");
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}), -compatible or NAT64 IPv6 address. */
    private static Optional<byte[]> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] a = address.getAddress();
        boolean zeroPrefix = Arrays.equals(Arrays.copyOfRange(a, 0, 10), new byte[10]);
        boolean mapped = zeroPrefix && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && a[10] == 0 && a[11] == 0 && (a[12] != 0 || a[13] != 0);
        boolean nat64 = Arrays.equals(Arrays.copyOfRange(a, 0, 12),
                new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});
        return mapped || compatible || nat64 ? Optional.of(Arrays.copyOfRange(a, 12, 16)) : Optional.empty();
    }

    /**
     * An address range such as {@code 10.0.0.0/8} or {@code fd12:3456::/32}.
     *
     * @param network the network address bytes (4 or 16)
     * @param prefix  the number of leading bits that must match
     */
    public record Cidr(byte[] network, int prefix) {
        private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

        public Cidr {
            network = network.clone();
            if (network.length != 4 && network.length != 16) {
                throw new IllegalArgumentException("network must have 4 or 16 bytes");
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("prefix must be 0.." + network.length * 8);
            }
        }

        /**
         * Parses {@code a.b.c.d/n} or {@code ipv6/n}; a bare address means a single host.
         *
         * @throws IllegalArgumentException saying what is wrong with {@code text}
         */
        public static Cidr parse(String text) {
            String trimmed = text.trim();
            int slash = trimmed.indexOf('/');
            String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
            if (!LITERAL.matcher(address).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR (e.g. 10.0.0.0/8)");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR (e.g. 10.0.0.0/8)");
            }
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

        @Override
        public byte[] network() {
            return network.clone();
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

        /** Whether {@code address} lies in this range. */
        public boolean contains(InetAddress address) {
            return contains(embeddedIpv4(address).orElse(address.getAddress()));
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
}
