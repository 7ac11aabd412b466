package dev.upwatch.core.probe;

import dev.upwatch.core.model.Cidr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class EgressPolicyTest {
    private static final EgressPolicy DEFAULTS = EgressPolicy.defaults();
    private static final EgressPolicy DENY_PRIVATE = new EgressPolicy(true, List.of());
    private static final EgressPolicy EVERYTHING_ALLOWED = new EgressPolicy(true,
            List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")));

    static Stream<Arguments> addresses() {
        // address, allowed by default, allowed with deny-private
        return Stream.of(
                arguments("93.184.215.14", true, true),
                arguments("2606:2800:21f:cb07:6820:80da:af6b:8b2c", true, true),
                arguments("169.254.169.254", false, false),
                arguments("fd00:ec2::254", false, false),
                arguments("169.254.1.1", false, false),
                arguments("fe80::1", false, false),
                arguments("0.0.0.0", false, false),
                arguments("0.1.2.3", false, false),
                arguments("::", false, false),
                arguments("224.0.0.1", false, false),
                arguments("ff02::1", false, false),
                arguments("255.255.255.255", false, false),
                arguments("127.0.0.1", true, false),
                arguments("127.8.9.10", true, false),
                arguments("::1", true, false),
                arguments("10.1.2.3", true, false),
                arguments("172.16.0.1", true, false),
                arguments("172.31.255.255", true, false),
                arguments("172.32.0.1", true, true),
                arguments("192.168.1.1", true, false),
                arguments("100.64.0.1", true, false),
                arguments("100.128.0.1", true, true),
                arguments("fc00::1", true, false),
                arguments("fd12:3456::1", true, false),
                arguments("::ffff:127.0.0.1", true, false),
                arguments("::ffff:169.254.169.254", false, false),
                arguments("64:ff9b::a9fe:a9fe", false, false),
                arguments("64:ff9b::7f00:1", true, false));
    }

    @ParameterizedTest(name = "{0}: default {1}, deny-private {2}")
    @MethodSource("addresses")
    void judgesEveryRange(String literal, boolean byDefault, boolean withDenyPrivate) throws Exception {
        InetAddress address = ipv6Preserving(literal);
        assertEquals(byDefault, DEFAULTS.problem(address).isEmpty(), "default policy, " + literal);
        assertEquals(withDenyPrivate, DENY_PRIVATE.problem(address).isEmpty(), "deny-private, " + literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254"})
    void metadataStaysDeniedWhateverIsAllowed(String literal) throws Exception {
        assertTrue(EVERYTHING_ALLOWED.problem(ipv6Preserving(literal)).isPresent());
    }

    @Test
    void allowListOpensPrivateRanges() throws Exception {
        EgressPolicy internal = new EgressPolicy(true, List.of(Cidr.parse("10.20.0.0/16")));
        assertTrue(internal.problem(InetAddress.getByName("10.20.3.4")).isEmpty());
        assertTrue(internal.problem(InetAddress.getByName("10.21.0.1")).isPresent());
        assertTrue(internal.problem(InetAddress.getByName("127.0.0.1")).isPresent());
    }

    @Test
    void denialNamesHostAddressAndRule() throws Exception {
        EgressDeniedException denied = assertThrows(EgressDeniedException.class, () -> DENY_PRIVATE.requireAllowed(
                "internal.example", List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.5"))));
        assertEquals("blocked by egress policy: internal.example (10.0.0.5) is a private address (RFC 1918)",
                denied.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "10.0.0.0/33", "10.0.0.0/x", "", "::/129", "10/8", "0177.0.0.1/32",
            "2130706433", "127.1", "0x7f.0.0.1", "fe80::1%eth0", "[::1"})
    void badCidrsAreRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }

    /** {@code InetAddress.getByName} turns {@code ::ffff:a.b.c.d} into an IPv4 address; keep the IPv6 form. */
    private static InetAddress ipv6Preserving(String literal) throws Exception {
        InetAddress parsed = InetAddress.getByName(literal);
        if (literal.startsWith("::ffff:")) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(parsed.getAddress(), 0, mapped, 12, 4);
            return java.net.Inet6Address.getByAddress(null, mapped, -1);
        }
        return parsed;
    }

    /** A resolver that must not be asked: literals and localhost names never reach it. */
    private static final NameResolver NO_LOOKUPS = host -> {
        throw new AssertionError("looked up " + host);
    };

    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "127.1", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "017700000001", "0", "1.2.3.04"})
    void numericSpellingsOtherThanADottedQuadAreRefusedWhateverThePolicy(String host) {
        EgressDeniedException denied = assertThrows(EgressDeniedException.class, () -> DEFAULTS.resolve(host, NO_LOOKUPS));
        assertEquals("blocked by egress policy: '" + host + "' is not a plain IPv4 address (four decimal numbers 0-255"
                + " without leading zeros); tools read such spellings as different addresses", denied.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost.", "LOCALHOST", "api.localhost", "api.localhost."})
    void localhostNamesAreLoopbackWithoutALookup(String host) throws Exception {
        assertEquals(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")),
                DEFAULTS.resolve(host, NO_LOOKUPS));
        EgressDeniedException denied = assertThrows(EgressDeniedException.class, () -> DENY_PRIVATE.resolve(host, NO_LOOKUPS));
        assertEquals("blocked by egress policy: " + host + " (127.0.0.1) is a loopback address", denied.getMessage());
    }

    @Test
    void literalsAreReadWithoutALookupAndNamesThroughTheResolver() throws Exception {
        assertEquals(List.of(InetAddress.getByName("::1")), DEFAULTS.resolve("[::1]", NO_LOOKUPS));
        assertEquals(List.of(InetAddress.getByName("192.0.2.7")), DEFAULTS.resolve("192.0.2.7", NO_LOOKUPS));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), DEFAULTS.resolve("[::ffff:127.0.0.1]", NO_LOOKUPS));
        EgressDeniedException mapped = assertThrows(EgressDeniedException.class,
                () -> DENY_PRIVATE.resolve("[::ffff:127.0.0.1]", NO_LOOKUPS));
        assertEquals("blocked by egress policy: [::ffff:127.0.0.1] is a loopback address", mapped.getMessage());
        InetAddress rebound = InetAddress.getByName("10.1.2.3");
        EgressDeniedException denied = assertThrows(EgressDeniedException.class,
                () -> DENY_PRIVATE.resolve("status.example.com", host -> List.of(InetAddress.getByName("192.0.2.7"), rebound)));
        assertEquals("blocked by egress policy: status.example.com (10.1.2.3) is a private address (RFC 1918)",
                denied.getMessage());
        assertThrows(java.net.UnknownHostException.class, () -> DEFAULTS.resolve("nowhere.example", host -> List.of()));
    }
}
