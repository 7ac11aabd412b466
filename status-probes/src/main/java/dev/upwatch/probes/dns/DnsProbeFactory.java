package dev.upwatch.probes.dns;

import dev.upwatch.core.probe.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.probe.ProbeSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds {@code dns} probes, which ask a name server for one record type of one name.
 *
 * <p>Settings, named as in Gatus: {@code query-name} (required), {@code query-type} (A, AAAA, CNAME, MX, TXT or NS;
 * default A) and {@code server} ({@code host}, {@code host:port} or {@code [v6]:port}; default the first
 * {@code nameserver} of {@code /etc/resolv.conf}, i.e. the system's resolver). ({@code name} is the monitor's display
 * name, so the name looked up has a key of its own.)
 */
public final class DnsProbeFactory implements ProbeFactory {
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

    @Override
    public String type() {
        return "dns";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        String name = settings.requireString("query-name").trim();
        DnsMessage.nameProblem(name).ifPresent(problem -> {
            throw new InvalidSettingException("query-name", problem);
        });
        String typeName = settings.string("query-type").orElse("A");
        RecordType type = RecordType.named(typeName).orElseThrow(() -> new InvalidSettingException("query-type",
                "'" + typeName + "' is not supported; use A, AAAA, CNAME, MX, TXT or NS"));
        DnsServer server = settings.string("server").filter(s -> !s.isBlank()).map(DnsServer::parse)
                .or(() -> DnsServer.fromResolvConf(RESOLV_CONF))
                .orElseThrow(() -> new InvalidSettingException("server",
                        "is required here: " + RESOLV_CONF + " names no nameserver"));
        return new DnsProbe(environment, server, name, type);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[DNS_RCODE] == NOERROR");
    }
}
