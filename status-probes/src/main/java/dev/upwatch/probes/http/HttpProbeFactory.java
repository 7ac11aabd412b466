package dev.upwatch.probes.http;

import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.probe.ProbeSettings;

import java.util.List;

/**
 * Builds {@code http} probes, which check a URL with one HTTP(S) exchange per check.
 *
 * <p>Settings: {@code url} (required, http or https), {@code method} (GET), {@code headers} (map), {@code body}
 * (POST/PUT/PATCH only), {@code follow-redirects} (false), {@code max-redirects} (5, 0–20), {@code max-body}
 * (bytes of decompressed body read at most, 1048576), {@code insecure} (false: TLS is verified), and
 * {@code username}/{@code password} (Basic) or {@code bearer-token} (Bearer) authentication.
 * All probes of a factory share one HTTP client, started by the first {@link #create}.
 */
public final class HttpProbeFactory implements ProbeFactory, AutoCloseable {
    private final SharedHttpClient client = new SharedHttpClient();

    @Override
    public String type() {
        return "http";
    }

    @Override
    public Probe create(ProbeSettings settings) {
        HttpSettings validated = HttpSettings.from(settings);
        client.started();
        return new HttpProbe(client, validated);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[STATUS] < 400");
    }

    /** Stops the shared client; probes created earlier start it again on their next check. */
    @Override
    public void close() {
        client.close();
    }
}
