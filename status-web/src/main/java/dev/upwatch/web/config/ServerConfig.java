package dev.upwatch.web.config;

import dev.upwatch.web.auth.AccessSettings;

import java.util.Objects;

/**
 * The HTTP server.
 *
 * @param host   address to bind ({@code 0.0.0.0} for all interfaces)
 * @param port   TCP port; 0 picks a free one
 * @param access who may see what: tokens, private pages, trusted proxies
 */
public record ServerConfig(String host, int port, AccessSettings access) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        Objects.requireNonNull(access, "access");
    }

    /** A server with the default access rules (everything public but the admin API). */
    public ServerConfig(String host, int port) {
        this(host, port, AccessSettings.DEFAULT);
    }
}
