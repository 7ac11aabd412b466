package dev.upwatch.probes.http;

import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.service.CheckDeadlines;
import dev.upwatch.probes.rdap.DomainExpiry;
import dev.upwatch.probes.rdap.RdapSettings;

import java.util.List;

/**
 * Builds {@code http} probes, which check a URL with one HTTP(S) exchange per check.
 *
 * <p>Settings: {@code url} (required, http or https), {@code method} (GET), {@code headers} (map), {@code body}
 * (POST/PUT/PATCH only), {@code follow-redirects} (false), {@code max-redirects} (5, 0–20), {@code max-body}
 * (bytes of decompressed body read at most, 1048576), {@code max-header-bytes} (65536) and {@code max-header-count}
 * (100) (response header caps), {@code insecure} (false: TLS is verified), {@code username}/{@code password}
 * (Basic) or {@code bearer-token} (Bearer) authentication, and {@code rdap-server}, {@code rdap-bootstrap} and
 * {@code rdap-domain} for {@code [DOMAIN_EXPIRATION]} ({@link RdapSettings}).
 * All probes of one {@link ProbeEnvironment} (one engine) share one HTTP client, which resolves and connects only
 * through that environment; it starts with the first probe built and stops when the environment closes.
 */
public final class HttpProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "http";
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        HttpSettings validated = HttpSettings.from(settings);
        RdapSettings rdap = RdapSettings.from(settings);
        SharedHttpClient client = SharedHttpClient.of(environment);
        if (!environment.isOffline()) {
            client.started(); // now, not in the first check's time budget
        }
        return new HttpProbe(client, validated, DomainExpiry.of(environment, client::started), rdap,
                CheckDeadlines.shared());
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[STATUS] < 400");
    }
}
