package dev.upwatch.probes.grpc;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.net.Endpoint;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds {@code grpc} probes: one call of the standard health service, {@code grpc.health.v1.Health/Check}, over
 * HTTP/2 (h2c, or h2 over TLS).
 *
 * <p>Settings: {@code host} and {@code port} (required), {@code service} (the service asked about; empty, the default,
 * asks about the server as a whole), {@code tls} (false), {@code server-name} (the authority, SNI and the name the
 * certificate must match; default the host), {@code insecure} (false) and {@code metadata} (map of request headers,
 * e.g. {@code authorization}).
 */
public final class GrpcProbeFactory implements ProbeFactory {
    /** Most metadata entries. */
    static final int MAX_METADATA = 50;

    @Override
    public String type() {
        return "grpc";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        Endpoint endpoint = Endpoint.from(settings, 0);
        String service = settings.string("service").orElse("").strip();
        if (service.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new InvalidSettingException("service", "'" + service + "' is not a service name");
        }
        boolean tls = settings.bool("tls", false);
        String serverName = Endpoint.hostName(settings.string("server-name").orElse(endpoint.host()), "server-name");
        boolean insecure = settings.bool("insecure", false);
        if (!tls && insecure) {
            throw new InvalidSettingException("insecure", "applies only with TLS");
        }
        Map<String, String> metadata = settings.stringMap("metadata");
        if (metadata.size() > MAX_METADATA) {
            throw new InvalidSettingException("metadata", metadata.size() + " entries, at most " + MAX_METADATA);
        }
        metadata.forEach((name, value) -> {
            if (name.isEmpty() || name.startsWith(":") || !name.equals(name.toLowerCase(Locale.ROOT))
                    || name.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new InvalidSettingException("metadata", "'" + name + "' is not a metadata key (lower case, no ':')");
            }
            if (value.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
                throw new InvalidSettingException("metadata", "the value of " + name + " contains a control character");
            }
        });
        return new GrpcProbe(environment, SharedHttp2Client.of(environment), endpoint, service, tls, serverName,
                insecure, metadata);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[GRPC_STATUS] == SERVING");
    }
}
