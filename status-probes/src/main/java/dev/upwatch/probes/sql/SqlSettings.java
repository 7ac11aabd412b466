package dev.upwatch.probes.sql;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.net.Endpoint;
import dev.upwatch.probes.net.TlsLayer;

import java.util.Objects;
import java.util.Optional;

/**
 * The settings of a database probe: {@code host} (required), {@code port} (the product's), {@code database},
 * {@code username} (required), {@code password}, {@code query} ({@code SELECT 1}), {@code tls} (false),
 * {@code server-name} (SNI and the name the certificate must match; default the host) and {@code insecure} (false).
 *
 * @param database the database to connect to; empty for the server's default
 * @param tls      the TLS of the connection, when {@code tls: true}
 */
public record SqlSettings(Endpoint endpoint, Optional<String> database, String username, Optional<String> password,
                          String query, Optional<TlsLayer> tls) {
    /** Longest {@code query}, in characters. */
    static final int MAX_QUERY = 10_000;

    public SqlSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(tls, "tls");
    }

    /** Reads and checks the settings; {@code defaultPort} is the product's. */
    public static SqlSettings from(ProbeSettings settings, int defaultPort, ProbeEnvironment environment) {
        Endpoint endpoint = Endpoint.from(settings, defaultPort);
        Optional<String> database = settings.string("database").map(String::strip);
        database.filter(name -> name.isEmpty() || name.chars().anyMatch(c -> c == '/' || c == '?' || c < 0x20))
                .ifPresent(name -> {
                    throw new InvalidSettingException("database", "'" + name + "' is not a database name");
                });
        String username = settings.requireString("username");
        Optional<String> password = settings.string("password");
        String query = settings.string("query").orElse("SELECT 1").strip();
        if (query.isEmpty()) {
            throw new InvalidSettingException("query", "is empty; leave it out to run SELECT 1");
        }
        if (query.length() > MAX_QUERY) {
            throw new InvalidSettingException("query", "is " + query.length() + " characters long, at most " + MAX_QUERY);
        }
        Optional<TlsLayer> layer = TlsLayer.fromSettings(settings, environment, endpoint.host(),
                settings.bool("tls", false));
        return new SqlSettings(endpoint, database, username, password, query, layer);
    }

    @Override
    public String toString() {
        return "SqlSettings[" + endpoint + ", database=" + database.orElse("") + ", username=" + username
                + ", tls=" + tls.isPresent() + "]"; // never the password
    }
}
