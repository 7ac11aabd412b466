package dev.upwatch.probes.smtp;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.net.Endpoint;
import dev.upwatch.probes.net.TlsLayer;
import dev.upwatch.probes.net.TlsMode;

import java.util.List;

/**
 * Builds {@code smtp} probes: read the server's greeting, optionally after an implicit TLS handshake (SMTPS) or
 * followed by {@code EHLO} and {@code STARTTLS}, then {@code QUIT}. No mail is sent and nobody logs in.
 *
 * <p>Settings: {@code host} (required), {@code port} (25), {@code tls} ({@code none}, {@code starttls},
 * {@code implicit}; {@code implicit} on port 465, else {@code none}), {@code server-name} and {@code insecure} (with
 * TLS), {@code ehlo-name} (the name said in {@code EHLO}, {@code localhost}).
 */
public final class SmtpProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "smtp";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        Endpoint endpoint = Endpoint.from(settings, 25);
        TlsMode mode = TlsMode.from(settings, endpoint.port(), 465);
        String ehloName = settings.string("ehlo-name").orElse("localhost").strip();
        if (ehloName.isEmpty() || ehloName.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new InvalidSettingException("ehlo-name", "'" + ehloName + "' is not a host name");
        }
        return new SmtpProbe(environment, endpoint, mode,
                TlsLayer.fromSettings(settings, environment, endpoint.host(), mode != TlsMode.NONE), ehloName);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true");
    }
}
