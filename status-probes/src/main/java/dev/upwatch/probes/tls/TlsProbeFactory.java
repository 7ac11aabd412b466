package dev.upwatch.probes.tls;

import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.http.ProbeHttpClient;
import dev.upwatch.probes.net.Endpoint;
import dev.upwatch.probes.net.TlsLayer;
import dev.upwatch.probes.rdap.DomainExpiry;
import dev.upwatch.probes.rdap.RdapSettings;

import java.util.List;

/**
 * Builds {@code tls} probes, which complete a TLS handshake with {@code host}:{@code port} and read the server's
 * certificate.
 *
 * <p>Settings: {@code host} and {@code port} (required), {@code server-name} (SNI and the name the certificate must
 * match; default the host), {@code insecure} (false: the certificate chain and name are verified against the
 * JDK's trusted roots), and {@code rdap-server}, {@code rdap-bootstrap} and {@code rdap-domain} for
 * {@code [DOMAIN_EXPIRATION]} of the host ({@link RdapSettings}).
 */
public final class TlsProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "tls";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        Endpoint endpoint = Endpoint.from(settings, 0);
        String serverName = Endpoint.hostName(settings.string("server-name").orElse(endpoint.host()), "server-name");
        boolean insecure = settings.bool("insecure", false);
        RdapSettings rdap = RdapSettings.from(settings);
        return new TlsProbe(environment, endpoint, TlsLayer.of(environment, serverName, insecure),
                DomainExpiry.of(environment, () -> ProbeHttpClient.of(environment)), rdap);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true", "[CERTIFICATE_EXPIRATION] > 72h");
    }
}
