package dev.upwatch.core.probe;

import dev.upwatch.core.model.Cidr;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
 * <p>A policy is a value handed to whoever connects: the engine's {@link ProbeEnvironment} (every probe reaches the
 * network through it) and the webhook sender. There is no process-wide policy.
 *
 * @param denyPrivate whether loopback and private ranges are denied
 * @param allowed     CIDRs allowed even though a rule above denies them
 */
public record EgressPolicy(boolean denyPrivate, List<Cidr> allowed) {
    /** How the error text of every blocked check begins. */
    public static final String BLOCKED_PREFIX = "blocked by egress policy: ";
    /** The loopback addresses the name {@code localhost} stands for (RFC 6761), without asking a resolver. */
    private static final List<InetAddress> LOOPBACK = List.of(address(127, 0, 0, 1),
            address(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));

    public EgressPolicy {
        allowed = List.copyOf(allowed);
    }

    /** The built-in policy: only the always-denied ranges are denied. */
    public static EgressPolicy defaults() {
        return new EgressPolicy(false, List.of());
    }

    /** The safe policy of the configuration file: private ranges denied too, except the CIDRs in {@code allowed}. */
    public static EgressPolicy denyPrivate(List<Cidr> allowed) {
        return new EgressPolicy(true, allowed);
    }

    /** Why {@code address} must not be connected to; empty when it may. */
    public Optional<String> problem(InetAddress address) {
        byte[] bytes = Cidr.comparable(address);
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
                boolean sameAddress = Cidr.literal(host).map(address::equals).orElse(false);
                String shown = sameAddress ? host : host + " (" + address.getHostAddress() + ")";
                throw new EgressDeniedException(BLOCKED_PREFIX + shown + " is a " + problem.get());
            }
        }
    }

    /**
     * Resolves {@code host} and checks every address it stands for: the one way a target name becomes addresses to
     * connect to. Address literals are read without a lookup (IPv4 only as four decimal numbers without leading zeros:
     * {@code 2130706433}, {@code 127.1}, {@code 0177.0.0.1} or {@code 0x7f.0.0.1} mean different addresses to
     * different tools, so they are refused); {@code localhost} and names under {@code .localhost} are loopback
     * (RFC 6761) without asking {@code resolver}; any other name is looked up with {@code resolver}.
     *
     * @param host a name or an address literal; IPv6 literals may be bracketed, a trailing dot is allowed
     * @return the addresses, every one of them allowed, in the resolver's order
     * @throws UnknownHostException  when the name does not resolve, or {@code host} is no name or address at all
     * @throws EgressDeniedException when the spelling is refused or any address is denied, naming the rule
     */
    public List<InetAddress> resolve(String host, NameResolver resolver) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String name = bare.endsWith(".") && bare.indexOf(':') < 0 ? bare.substring(0, bare.length() - 1) : bare;
        List<InetAddress> addresses;
        if (name.isEmpty()) {
            throw new UnknownHostException("empty host name");
        } else if (name.indexOf(':') >= 0) {
            addresses = List.of(Cidr.literal(name).orElseThrow(() -> new UnknownHostException(host)));
        } else if (looksNumeric(name)) {
            addresses = List.of(Cidr.literal(name).orElseThrow(() -> new EgressDeniedException(BLOCKED_PREFIX + "'" + host
                    + "' is not a plain IPv4 address (four decimal numbers 0-255 without leading zeros); tools read"
                    + " such spellings as different addresses")));
        } else if (isLocalhost(name)) {
            addresses = LOOPBACK;
        } else {
            addresses = List.copyOf(resolver.resolve(name));
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
        }
        requireAllowed(host, addresses);
        return addresses;
    }

    /** Every dot-separated part is a decimal or {@code 0x} hexadecimal number: an address, never a DNS name. */
    private static boolean looksNumeric(String name) {
        // A plain loop rather than split and streams: it runs at every check's resolve.
        int start = 0;
        while (true) {
            int end = name.indexOf('.', start);
            int stop = end < 0 ? name.length() : end;
            if (!numericPart(name, start, stop)) {
                return false;
            }
            if (end < 0) {
                return true;
            }
            start = end + 1;
        }
    }

    private static boolean numericPart(String name, int start, int stop) {
        if (start == stop) {
            return false;
        }
        boolean hex = stop - start >= 2 && name.charAt(start) == '0'
                && (name.charAt(start + 1) == 'x' || name.charAt(start + 1) == 'X');
        for (int i = hex ? start + 2 : start; i < stop; i++) {
            char c = name.charAt(i);
            if (hex ? Character.digit(c, 16) < 0 : c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLocalhost(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") || lower.endsWith(".localhost");
    }

    private static InetAddress address(int... parts) {
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) parts[i];
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
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
}
