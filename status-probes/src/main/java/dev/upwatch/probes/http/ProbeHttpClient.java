package dev.upwatch.probes.http;

import dev.upwatch.core.probe.ProbeEnvironment;
import org.eclipse.jetty.client.HttpClient;

/**
 * The HTTP client of a probe environment, for probes that speak HTTP without being {@code http} probes (the WebSocket
 * upgrade, RDAP lookups): the same Jetty client the {@code http} probes share, started on first use, which resolves
 * every host through the environment and confirms every address before connecting ({@link ProbeConnector}), so no
 * request it sends can leave for an address the egress policy refuses.
 */
public final class ProbeHttpClient {
    private ProbeHttpClient() {
    }

    /** The environment's shared client, started. */
    public static HttpClient of(ProbeEnvironment environment) {
        return SharedHttpClient.of(environment).started();
    }
}
