package dev.upwatch.probes;

import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.probes.dns.DnsProbeFactory;
import dev.upwatch.probes.http.HttpProbeFactory;
import dev.upwatch.probes.tcp.TcpProbeFactory;
import dev.upwatch.probes.tls.TlsProbeFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probes of this module are found by {@link java.util.ServiceLoader}, as the runtime finds them. */
class ProbeRegistrationTest {

    @Test
    void builtInProbesAreRegistered() {
        ProbeRegistry registry = ProbeRegistry.load(getClass().getClassLoader());

        assertTrue(registry.types().containsAll(java.util.List.of("http", "tcp", "tls", "dns")), registry.types()::toString);
        assertInstanceOf(HttpProbeFactory.class, registry.find("http").orElseThrow());
        assertInstanceOf(TcpProbeFactory.class, registry.find("tcp").orElseThrow());
        assertInstanceOf(TlsProbeFactory.class, registry.find("tls").orElseThrow());
        assertInstanceOf(DnsProbeFactory.class, registry.find("dns").orElseThrow());
    }
}
