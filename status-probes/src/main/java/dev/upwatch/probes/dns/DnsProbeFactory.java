package dev.upwatch.probes.dns;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.dns.DnsProbe.Transport;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@code dns} probes, which ask a name server for one record type of one name.
 *
 * <p>Settings, named as in Gatus: {@code query-name} (required), {@code query-type} (any record type by name, e.g. A,
 * AAAA, CNAME, MX, NS, TXT, SRV, CAA, SOA, PTR, DS, DNSKEY, or {@code TYPEnnn}; default A), {@code server}
 * ({@code host}, {@code host:port} or {@code [v6]:port}; default the first {@code nameserver} of
 * {@code /etc/resolv.conf}, i.e. the system's resolver), {@code transport} ({@code udp}, falling back to TCP for a
 * truncated answer, or {@code tcp}; default udp) and {@code dnssec} (also ask for DNSSEC records, the DO bit; default
 * false). ({@code name} is the monitor's display name, so the name looked up has a key of its own.)
 */
public final class DnsProbeFactory implements ProbeFactory {
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final String COMMON_TYPES = "A, AAAA, CNAME, MX, NS, TXT, SRV, CAA, SOA, PTR, DS, DNSKEY";

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
        Name name = queryName(settings.requireString("query-name").trim());
        int type = queryType(settings.string("query-type").orElse("A").trim());
        DnsServer server = settings.string("server").filter(s -> !s.isBlank()).map(DnsServer::parse)
                .or(() -> DnsServer.fromResolvConf(RESOLV_CONF))
                .orElseThrow(() -> new InvalidSettingException("server",
                        "is required here: " + RESOLV_CONF + " names no nameserver"));
        Transport transport = transport(settings.string("transport").orElse("udp").trim());
        boolean dnssec = settings.bool("dnssec", false);
        return new DnsProbe(environment, server, new DnsQuery(name, type, dnssec), transport);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[DNS_RCODE] == NOERROR");
    }

    /** The name as an absolute name; printable ASCII only, so that a name is never sent other than as written. */
    private static Name queryName(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new InvalidSettingException("query-name", "'" + text + "' contains '" + c
                        + "'; write international names in their xn-- (punycode) form");
            }
        }
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new InvalidSettingException("query-name", e.getMessage());
        }
    }

    private static int queryType(String text) {
        int type = Type.value(text);
        if (type < 0) {
            throw new InvalidSettingException("query-type", "'" + text + "' is not a DNS record type; use one such as "
                    + COMMON_TYPES + " (or TYPEnnn)");
        }
        if (!Type.isRR(type)) {
            throw new InvalidSettingException("query-type", "'" + text + "' is not a record type to ask for; use one"
                    + " such as " + COMMON_TYPES);
        }
        return type;
    }

    private static Transport transport(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "udp" -> Transport.UDP;
            case "tcp" -> Transport.TCP;
            default -> throw new InvalidSettingException("transport", "'" + text + "' is neither udp nor tcp");
        };
    }
}
