package dev.upwatch.probes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Probes reach the network only through the probe environment: no probe code resolves a name, opens a socket or a
 * channel, sends a datagram or builds a client that would do so by itself. So a new probe cannot forget the egress
 * policy — the build fails first.
 */
class ProbeEgressRulesTest {
    private static final JavaClasses PROBES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.upwatch.probes");
    /** The one class allowed to build a Jetty connector: it confirms every address with the environment first. */
    private static final String CHECKING_CONNECTOR = "dev.upwatch.probes.http.ProbeConnector";

    /** A call that reaches the network, or builds something that would, without the probe environment. */
    static final DescribedPredicate<JavaCall<?>> AROUND_THE_ENVIRONMENT = new DescribedPredicate<>(
            "reach the network around the ProbeEnvironment (resolve, socket, channel, datagram, own client)") {
        @Override
        public boolean test(JavaCall<?> call) {
            AccessTarget.CodeUnitCallTarget target = call.getTarget();
            JavaClass owner = target.getOwner();
            String name = target.getName();
            boolean constructor = name.equals("<init>");
            List<JavaClass> parameters = target.getRawParameterTypes();
            if (owner.isAssignableTo("java.net.InetAddress")) {
                // isReachable sends ICMP or TCP echoes to an address nobody checked.
                return Set.of("getByName", "getAllByName", "getLocalHost", "isReachable").contains(name);
            }
            if (owner.isAssignableTo("java.net.Socket") || owner.isAssignableTo("java.net.ServerSocket")) {
                return constructor || name.equals("connect") || name.equals("bind");
            }
            if (owner.isAssignableTo("java.net.DatagramSocket")) {
                return constructor || Set.of("connect", "send", "bind").contains(name);
            }
            if (owner.isAssignableTo("java.nio.channels.NetworkChannel")) { // socket, datagram and asynchronous channels
                return Set.of("open", "connect", "send", "bind").contains(name);
            }
            if (owner.isAssignableTo("javax.net.SocketFactory")) {
                // createSocket(Socket, host, port, autoClose) layers TLS over a socket the environment connected.
                return name.equals("createSocket") && (parameters.isEmpty() || !parameters.get(0).isEquivalentTo(java.net.Socket.class));
            }
            if (owner.isEquivalentTo(java.net.InetSocketAddress.class)) {
                return constructor && !parameters.isEmpty() && parameters.get(0).isEquivalentTo(String.class); // resolves
            }
            if (owner.isEquivalentTo(java.net.URL.class)) {
                return name.equals("openConnection") || name.equals("openStream");
            }
            if (owner.getPackageName().startsWith("java.net.http")) {
                return true;
            }
            if (owner.getName().startsWith("org.eclipse.jetty.util.SocketAddressResolver$")) {
                return constructor; // Sync and Async look names up without the policy
            }
            if (owner.isAssignableTo("org.eclipse.jetty.client.HttpClient")) {
                return constructor && parameters.isEmpty(); // would make its own transport, connector and resolver
            }
            if (owner.isAssignableTo("org.eclipse.jetty.client.HttpClientTransport")) {
                // Only over a connector handed in (ours); any other constructor makes its own.
                return constructor && parameters.stream().noneMatch(p -> p.isAssignableTo("org.eclipse.jetty.io.ClientConnector"));
            }
            if (owner.getPackageName().startsWith("org.xbill.DNS")) {
                // dnsjava's resolvers, lookups, zone transfers and I/O clients open sockets of their own and look names
                // up (its Address class through the system's resolver); probes take only its message classes.
                String dnsjava = owner.getPackageName();
                return owner.isAssignableTo("org.xbill.DNS.Resolver") || owner.isAssignableTo("org.xbill.DNS.Lookup")
                        || owner.isAssignableTo("org.xbill.DNS.ZoneTransferIn")
                        || dnsjava.startsWith("org.xbill.DNS.io") || dnsjava.startsWith("org.xbill.DNS.lookup")
                        || owner.getName().equals("org.xbill.DNS.Address")
                        && Set.of("getByName", "getAllByName", "getHostName").contains(name);
            }
            if (owner.isAssignableTo("org.eclipse.jetty.io.ClientConnector")) {
                return constructor && !call.getOriginOwner().getName().equals(CHECKING_CONNECTOR)
                        && !owner.getName().equals(CHECKING_CONNECTOR);
            }
            return false;
        }
    };

    static final ArchRule NETWORK_ONLY_THROUGH_THE_ENVIRONMENT = noClasses().that().resideInAPackage("dev.upwatch.probes..")
            .should().callCodeUnitWhere(AROUND_THE_ENVIRONMENT)
            .because("every resolve, connect and send must go through ProbeEnvironment, which applies the egress policy");

    @Test
    void probesReachTheNetworkOnlyThroughTheEnvironment() {
        NETWORK_ONLY_THROUGH_THE_ENVIRONMENT.check(PROBES);
    }

    @Test
    void theRuleLooksAtEveryBuiltInProbe() {
        for (String type : List.of("http.HttpProbe", "http.ProbeConnector", "http.SharedHttpClient", "tcp.TcpProbe",
                "tls.TlsProbe", "tls.TlsProbeFactory", "dns.DnsProbe", "dns.DnsQuery", "dns.DnsResponse")) {
            assertTrue(PROBES.contain("dev.upwatch.probes." + type), type + " imported");
        }
    }

    @Test
    void theRuleFindsEveryWayAround() {
        JavaClasses forgetful = new ClassFileImporter().importPackages("dev.upwatch.probes.forgetful");
        EvaluationResult result = NETWORK_ONLY_THROUGH_THE_ENVIRONMENT.evaluate(forgetful);
        List<String> details = result.getFailureReport().getDetails();
        for (String call : List.of("InetAddress.getByName", "InetAddress.getAllByName", "Socket.<init>(java.lang.String, int)",
                "Socket.connect", "SocketChannel.open", "DatagramChannel.open", "DatagramChannel.connect",
                "DatagramSocket.<init>()", "DatagramSocket.send", "SocketFactory.createSocket",
                "InetSocketAddress.<init>(java.lang.String, int)", "SocketAddressResolver$Sync.<init>",
                "HttpClient.<init>()", "URL.openStream", "InetAddress.isReachable", "HttpClientTransportOverHTTP.<init>(int)",
                "SimpleResolver.<init>", "ExtendedResolver.<init>", "Lookup.<init>", "Address.getByName",
                "DefaultIoClientFactory.<init>")) {
            assertTrue(details.stream().anyMatch(line -> line.contains(call)), "not found: " + call + " in " + details);
        }
        assertEquals(true, result.hasViolation());
    }
}
