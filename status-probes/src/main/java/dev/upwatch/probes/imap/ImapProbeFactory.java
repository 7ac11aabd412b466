package dev.upwatch.probes.imap;

import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.net.Endpoint;
import dev.upwatch.probes.net.TlsLayer;
import dev.upwatch.probes.net.TlsMode;

import java.util.List;

/**
 * Builds {@code imap} probes: read the server's greeting, optionally after an implicit TLS handshake (IMAPS) or
 * followed by {@code STARTTLS}, then {@code LOGOUT}. Nobody logs in.
 *
 * <p>Settings: {@code host} (required), {@code port} (143), {@code tls} ({@code none}, {@code starttls},
 * {@code implicit}; {@code implicit} on port 993, else {@code none}), {@code server-name} and {@code insecure} (with
 * TLS).
 */
public final class ImapProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "imap";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        Endpoint endpoint = Endpoint.from(settings, 143);
        TlsMode mode = TlsMode.from(settings, endpoint.port(), 993);
        return new ImapProbe(environment, endpoint, mode,
                TlsLayer.fromSettings(settings, environment, endpoint.host(), mode != TlsMode.NONE));
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true");
    }
}
