package dev.upwatch.probes.dns;

import dev.upwatch.core.probe.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.probe.ProbeSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds {@code dns} probes, which ask a name server for one record type of one name.
 *
 * <p>Settings: {@code name} (required), {@code record-type} (A, AAAA, CNAME, MX, TXT or NS; default A) and
 * {@code server} ({@code host}, {@code host:port} or {@code [v6]:port}; default the first {@code nameserver} of
 * {@code /etc/resolv.conf}, i.e. the system's resolver).
 */
public final class DnsProbeFactory implements ProbeFactory {
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

    @Override
    public String type() {
        return "dns";
    }

    @Override
    public Probe create(ProbeSettings settings) {
        String name = settings.requireString("name").trim();
        DnsMessage.nameProblem(name).ifPresent(problem -> {
            throw new InvalidSettingException("name", problem);
        });
        String typeName = settings.string("record-type").orElse("A");
        RecordType type = RecordType.named(typeName).orElseThrow(() -> new InvalidSettingException("record-type",
                "'" + typeName + "' is not supported; use A, AAAA, CNAME, MX, TXT or NS"));
        DnsServer server = settings.string("server").filter(s -> !s.isBlank()).map(DnsServer::parse)
                .or(() -> DnsServer.fromResolvConf(RESOLV_CONF))
                .orElseThrow(() -> new InvalidSettingException("server",
                        "is required here: " + RESOLV_CONF + " names no nameserver"));
        return new DnsProbe(server, name, type);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[DNS_RCODE] == NOERROR");
    }
}
