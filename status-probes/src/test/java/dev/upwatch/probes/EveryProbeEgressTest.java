package dev.upwatch.probes;

import com.sun.net.httpserver.HttpServer;
import dev.upwatch.core.model.Cidr;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.NameResolver;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.CheckRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every built-in probe type, against every way of naming a target the egress policy refuses, is refused before any
 * packet leaves, with a reason that names the policy. For loopback targets, real listeners on 127.0.0.1 and [::1]
 * (TCP and UDP, each on one port number for both) count what arrives: after each check a sentinel connection and a
 * sentinel datagram are sent, and once the listeners have seen them — in order, behind anything the probe sent — they
 * must have seen nothing else. Metadata and link-local targets are only ever refused, never routed to.
 */
class EveryProbeEgressTest {
    /** The configuration file's default: private ranges refused too. */
    private static final EgressPolicy SAFE = EgressPolicy.denyPrivate(List.of());
    /** A public-looking name that the injected resolver answers with 127.0.0.1 (no real DNS). */
    private static final String REBOUND_NAME = "status.example.com";
    private static final InetAddress V4_LOOPBACK = address("127.0.0.1");
    private static final InetAddress V6_LOOPBACK = address("::1");
    private static final NameResolver LYING_RESOLVER = host -> host.equals(REBOUND_NAME) ? List.of(V4_LOOPBACK)
            : NameResolver.system().resolve(host);
    /** Probe types that make no outbound connection at all, so there is nothing to refuse. */
    private static final Set<String> NOT_OUTBOUND = Set.of("push");
    private static final ProbeRegistry PROBES = ProbeRegistry.load(EveryProbeEgressTest.class.getClassLoader());

    private static Listeners listeners;
    private static ExecutorService executor;
    /** One environment per policy, as one engine has (the HTTP client starts once, not per case). */
    private static ProbeEnvironment safe;
    private static ProbeEnvironment builtIn;
    /** The safe policy with the monitored site's address, 127.0.0.2, allowed (RDAP lookups are the subject). */
    private static ProbeEnvironment siteAllowed;
    /** The monitored site of the RDAP cases: a 200 on 127.0.0.2. */
    private static HttpServer site;

    /**
     * One way of writing a target.
     *
     * @param host     as a host setting (tcp, tls) would hold it
     * @param urlHost  as the host part of a URL
     * @param loopback whether it would reach the loopback listeners (then "no packet" is proven, not just assumed)
     */
    record Target(String host, String urlHost, boolean loopback) {
        @Override
        public String toString() {
            return host;
        }
    }

    /** Every target of issue #15's table; with the safe policy, all are refused. */
    static List<Target> targets() {
        return List.of(
                new Target("127.0.0.1", "127.0.0.1", true),
                new Target("localhost", "localhost", true),
                new Target("localhost.", "localhost.", true),
                new Target("[::1]", "[::1]", true),
                new Target("[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]", true),
                new Target("0.0.0.0", "0.0.0.0", true), // Linux connects 0.0.0.0 to the local host
                new Target("2130706433", "2130706433", true), // the JDK reads it as 127.0.0.1
                new Target(REBOUND_NAME, REBOUND_NAME, true),
                new Target("169.254.169.254", "169.254.169.254", false),
                new Target("fd00:ec2::254", "[fd00:ec2::254]", false));
    }

    /** The settings of a {@code type} monitor aimed at {@code target}; the port is the listeners' for its protocol. */
    private static Map<String, String> settings(String type, Target target) {
        String tcp = Integer.toString(listeners.tcpPort);
        return switch (type) {
            case "http" -> Map.of("url", "http://" + target.urlHost() + ":" + tcp + "/health");
            case "https" -> Map.of("url", "https://" + target.urlHost() + ":" + tcp + "/health");
            case "websocket" -> Map.of("url", "ws://" + target.urlHost() + ":" + tcp + "/socket", "send", "ping");
            // redis-ping is the example probe of docs/probes.md, found on the class path through status-core's tests.
            case "tcp", "tls", "redis-ping", "redis", "smtp", "imap", "grpc" -> Map.of("host", target.host(), "port", tcp);
            // Echo requests are not counted by the listeners; the refusal comes before any socket is opened.
            case "icmp" -> Map.of("host", target.host());
            case "postgres", "mysql" -> Map.of("host", target.host(), "port", tcp, "username", "monitor");
            case "dns" -> Map.of("query-name", "example.com", "server", dnsServer(target, listeners.udpPort));
            case "dns-tcp" -> Map.of("query-name", "example.com", "transport", "tcp", "server", dnsServer(target, listeners.tcpPort));
            default -> throw new AssertionError("no target settings for probe type " + type + "; add them here");
        };
    }

    private static String dnsServer(Target target, int port) {
        return (target.host().indexOf(':') >= 0 && !target.host().startsWith("[") ? "[" + target.host() + "]"
                : target.host()) + ":" + port;
    }

    /** The probe types to test: every registered one that connects out; https and DNS over TCP as cases of their own. */
    static List<String> outboundTypes() {
        List<String> types = new ArrayList<>();
        for (String type : PROBES.types()) {
            if (!NOT_OUTBOUND.contains(type)) {
                types.add(type);
                if (type.equals("http")) {
                    types.add("https");
                }
                if (type.equals("dns")) {
                    types.add("dns-tcp");
                }
            }
        }
        return types;
    }

    static Stream<Arguments> everyTypeAgainstEveryTarget() {
        return outboundTypes().stream().flatMap(type -> targets().stream().map(target -> arguments(type, target)));
    }

    /** Refused whatever the policy: metadata, "this network", and spellings tools read differently. */
    static Stream<Arguments> alwaysRefused() {
        List<Target> always = targets().stream().filter(t -> Set.of("0.0.0.0", "2130706433", "169.254.169.254",
                "fd00:ec2::254").contains(t.host())).toList();
        return outboundTypes().stream().flatMap(type -> always.stream().map(target -> arguments(type, target)));
    }

    @BeforeAll
    static void start() throws IOException {
        listeners = Listeners.open();
        executor = Executors.newVirtualThreadPerTaskExecutor();
        safe = ProbeEnvironment.builder().egressPolicy(SAFE).nameResolver(LYING_RESOLVER).build();
        builtIn = ProbeEnvironment.builder().egressPolicy(EgressPolicy.defaults()).nameResolver(LYING_RESOLVER).build();
        siteAllowed = ProbeEnvironment.builder().egressPolicy(EgressPolicy.denyPrivate(List.of(Cidr.parse("127.0.0.2/32"))))
                .nameResolver(LYING_RESOLVER).build();
        site = HttpServer.create(new InetSocketAddress(address("127.0.0.2"), 0), 50);
        site.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        site.start();
    }

    @AfterAll
    static void stop() {
        safe.close();
        builtIn.close();
        siteAllowed.close();
        site.stop(0);
        listeners.close();
        executor.close();
    }

    @Test
    void everyRegisteredTypeIsCoveredOrMakesNoConnection() {
        Set<String> covered = new TreeSet<>(outboundTypes());
        covered.removeAll(Set.of("https", "dns-tcp"));
        covered.addAll(NOT_OUTBOUND);
        assertEquals(new TreeSet<>(PROBES.types()), covered, "a probe type nobody tests for egress");
        for (String type : outboundTypes()) {
            settings(type, targets().get(0)); // fails for a type without target settings
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("everyTypeAgainstEveryTarget")
    void isRefusedBeforeAnyPacketLeaves(String type, Target target) throws Exception {
        assertRefused(safe, type, target);
    }

    /**
     * The RDAP lookup behind {@code [DOMAIN_EXPIRATION]} goes through the environment too: the site (on 127.0.0.2, which
     * the policy allows) is checked, the lookup at each refused target is refused before any packet, and the check is an
     * ERROR naming the policy, not DOWN.
     */
    @ParameterizedTest(name = "rdap-server → {0}")
    @MethodSource("targets")
    void rdapLookupsAreRefusedBeforeAnyPacketLeaves(Target target) throws Exception {
        Listeners.Counts before = listeners.counts();
        Monitor monitor = Monitor.builder(MonitorId.of("site"), "Site", ProbeSpec.of("http", Map.of(
                        "url", "http://127.0.0.2:" + site.getAddress().getPort() + "/",
                        "rdap-server", "http://" + target.urlHost() + ":" + listeners.tcpPort + "/rdap/",
                        "rdap-domain", "example.com")))
                .interval(Duration.ofMinutes(1)).timeout(Duration.ofSeconds(30))
                .condition(dev.upwatch.core.condition.ConditionParser.parse("[STATUS] == 200")).condition(dev.upwatch.core.condition.ConditionParser.parse("[DOMAIN_EXPIRATION] > 30d")).build();
        Sample sample;
        try (Probe probe = PROBES.create(monitor.probe(), siteAllowed)) {
            sample = new CheckRunner(Clock.systemUTC(), executor).run(monitor, probe);
        }

        assertEquals(Outcome.ERROR, sample.outcome(), target + ": " + sample.error().orElse(""));
        assertTrue(sample.error().orElseThrow().startsWith("could not check [DOMAIN_EXPIRATION]: "
                + EgressPolicy.BLOCKED_PREFIX), sample.error()::toString);
        if (target.loopback()) {
            assertEquals(before, listeners.afterSentinels(before), "an RDAP request reached a loopback listener");
        }
    }

    @ParameterizedTest(name = "{0} → {1}, built-in policy")
    @MethodSource("alwaysRefused")
    void isRefusedEvenByTheBuiltInPolicy(String type, Target target) throws Exception {
        assertRefused(builtIn, type, target);
    }

    private static void assertRefused(ProbeEnvironment environment, String type, Target target) throws Exception {
        Listeners.Counts before = listeners.counts();
        Sample sample = check(environment, type, target);
        assertEquals(Outcome.BLOCKED, sample.outcome(), type + " → " + target + ": " + sample.error().orElse(""));
        String reason = sample.error().orElseThrow();
        assertTrue(reason.startsWith(EgressPolicy.BLOCKED_PREFIX), reason);
        if (target.loopback()) {
            assertEquals(before, listeners.afterSentinels(before), "a packet reached a loopback listener");
        }
    }

    private static Sample check(ProbeEnvironment environment, String type, Target target) {
        String registered = switch (type) {
            case "https" -> "http";
            case "dns-tcp" -> "dns";
            default -> type;
        };
        Monitor monitor = Monitor.builder(MonitorId.of("target"), "Target",
                // The refusal comes at once; the long budget only keeps a loaded machine from turning it into a time-out.
                ProbeSpec.of(registered, settings(type, target))).interval(Duration.ofMinutes(1))
                .timeout(Duration.ofSeconds(30)).build();
        try (Probe probe = PROBES.create(monitor.probe(), environment)) {
            return new CheckRunner(Clock.systemUTC(), executor).run(monitor, probe);
        }
    }

    /**
     * TCP and UDP listeners on 127.0.0.1 and [::1], one port number per protocol for both families, counting
     * connections and datagrams. Sentinels, sent by the test itself after a check, show that everything sent before them
     * has arrived: a TCP listener accepts in order, and a datagram sent over loopback is queued before the send returns.
     */
    static final class Listeners implements AutoCloseable {
        private static final byte[] SENTINEL = "sentinel".getBytes(StandardCharsets.US_ASCII);

        private final List<AutoCloseable> sockets = new ArrayList<>();
        private final AtomicInteger tcpAccepted = new AtomicInteger();
        private final AtomicInteger udpReceived = new AtomicInteger();
        private final AtomicInteger udpSentinels = new AtomicInteger();
        private final AtomicInteger tcpSentinels = new AtomicInteger();
        final int tcpPort;
        final int udpPort;

        /** Connections and datagrams seen, sentinels included. */
        record Counts(int connections, int datagrams) {
        }

        private Listeners(int tcpPort, int udpPort) {
            this.tcpPort = tcpPort;
            this.udpPort = udpPort;
        }

        static Listeners open() throws IOException {
            for (int attempt = 0; ; attempt++) {
                int tcp;
                int udp;
                try (ServerSocket freeTcp = new ServerSocket(0, 50, V4_LOOPBACK);
                     DatagramSocket freeUdp = new DatagramSocket(new InetSocketAddress(V4_LOOPBACK, 0))) {
                    tcp = freeTcp.getLocalPort(); // free on 127.0.0.1; bound below on both families, if still free
                    udp = freeUdp.getLocalPort();
                }
                Listeners listeners = new Listeners(tcp, udp);
                try {
                    for (InetAddress loopback : List.of(V4_LOOPBACK, V6_LOOPBACK)) {
                        listeners.serveTcp(new ServerSocket(tcp, 50, loopback));
                        listeners.serveUdp(new DatagramSocket(new InetSocketAddress(loopback, udp)));
                    }
                    return listeners;
                } catch (IOException taken) {
                    listeners.close();
                    if (attempt == 20) {
                        throw taken;
                    }
                }
            }
        }

        private void serveTcp(ServerSocket socket) {
            sockets.add(socket);
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    Socket accepted;
                    try {
                        accepted = socket.accept();
                    } catch (IOException e) {
                        return;
                    }
                    tcpAccepted.incrementAndGet(); // in accept order: a sentinel is counted after what came before it
                    Thread.ofVirtual().start(() -> {
                        try (accepted) {
                            accepted.setSoTimeout(2_000);
                            if (java.util.Arrays.equals(SENTINEL, accepted.getInputStream().readNBytes(SENTINEL.length))) {
                                tcpSentinels.incrementAndGet();
                            }
                        } catch (IOException e) {
                            // not a sentinel
                        }
                    });
                }
            });
        }

        private void serveUdp(DatagramSocket socket) {
            sockets.add(socket);
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[2048];
                while (!socket.isClosed()) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                    } catch (IOException e) {
                        return;
                    }
                    udpReceived.incrementAndGet();
                    if (java.util.Arrays.equals(SENTINEL, 0, SENTINEL.length, buffer, 0, packet.getLength())) {
                        udpSentinels.incrementAndGet();
                    }
                }
            });
        }

        Counts counts() {
            return new Counts(tcpAccepted.get(), udpReceived.get());
        }

        /**
         * Sends a sentinel connection and datagram to each family, waits until all four arrived, and returns the counts
         * less the sentinels: equal to {@code before} exactly when nothing else arrived in between.
         */
        Counts afterSentinels(Counts before) throws IOException, InterruptedException {
            int tcp = tcpSentinels.get();
            int udp = udpSentinels.get();
            for (InetAddress loopback : List.of(V4_LOOPBACK, V6_LOOPBACK)) {
                try (Socket sentinel = new Socket(loopback, tcpPort); DatagramSocket datagrams = new DatagramSocket()) {
                    sentinel.getOutputStream().write(SENTINEL);
                    datagrams.send(new DatagramPacket(SENTINEL, SENTINEL.length, loopback, udpPort));
                }
            }
            await(() -> tcpSentinels.get() >= tcp + 2 && udpSentinels.get() >= udp + 2);
            return new Counts(tcpAccepted.get() - 2, udpReceived.get() - 2);
        }

        private static void await(BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the sentinels did not arrive");
                }
                Thread.sleep(5);
            }
        }

        @Override
        public void close() {
            for (AutoCloseable socket : sockets) {
                try {
                    socket.close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
