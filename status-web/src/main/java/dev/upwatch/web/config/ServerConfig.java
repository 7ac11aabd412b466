package dev.upwatch.web.config;

import java.util.Objects;

/**
 * The HTTP server.
 *
 * @param host address to bind ({@code 0.0.0.0} for all interfaces)
 * @param port TCP port; 0 picks a free one
 */
public record ServerConfig(String host, int port) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
    }
}
