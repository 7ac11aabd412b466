package dev.upwatch.probes.net;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.model.ProbeSettings;

import java.util.Objects;

/**
 * Where a socket probe connects: a host name or address and a port, read from the settings {@code host} and
 * {@code port}.
 *
 * @param host a name or an address literal, as the monitor writes it
 * @param port 1–65535
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host} (required) and {@code port} (required, or {@code defaultPort} when that is 1–65535). */
    public static Endpoint from(ProbeSettings settings, int defaultPort) {
        String host = hostName(settings.requireString("host"), "host");
        if (defaultPort == 0) {
            settings.requireString("port");
        }
        return new Endpoint(host, settings.integer("port", defaultPort, 1, 65_535));
    }

    /**
     * {@code name}, trimmed, when it can be a host name or address.
     *
     * @throws InvalidSettingException naming {@code key}, for an empty name or one with spaces or slashes
     */
    public static String hostName(String name, String key) {
        String trimmed = name.trim();
        if (trimmed.isEmpty() || trimmed.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new InvalidSettingException(key, "'" + trimmed + "' is not a host name or address");
        }
        return trimmed;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
