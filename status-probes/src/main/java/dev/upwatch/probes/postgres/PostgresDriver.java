package dev.upwatch.probes.postgres;

import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.probes.sql.CheckedSocketFactory;
import dev.upwatch.probes.sql.SqlDriver;
import dev.upwatch.probes.sql.SqlSettings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.time.Duration;
import java.util.Properties;

/**
 * PostgreSQL JDBC, set up for a probe: the socket factory is {@link CheckedSocketFactory}; with TLS, {@code sslmode}
 * {@code verify-full} with {@link PostgresTlsFactory} (TLS layered by the probe: SNI and name checked against the
 * server name, trust on the environment's clock) and {@link PostgresHandshakeObserver} (told when the handshake is
 * done); without, {@code disable}. No GSS encryption, simple query protocol, no login-timeout thread (the driver must
 * connect on the check's thread, where its {@link dev.upwatch.probes.sql.DriverScope} is).
 */
enum PostgresDriver implements SqlDriver {
    INSTANCE;

    private final Driver driver = new org.postgresql.Driver();

    @Override
    public String product() {
        return "postgres";
    }

    @Override
    public Driver driver() {
        return driver;
    }

    @Override
    public String url(CheckedAddress address, int port, SqlSettings settings) {
        String host = SqlDriver.urlHost(address);
        return "jdbc:postgresql://" + host + ":" + port + "/"
                + URLEncoder.encode(settings.database().orElse(settings.username()), StandardCharsets.UTF_8);
    }

    @Override
    public Properties properties(SqlSettings settings, Duration timeout) {
        Properties properties = SqlDriver.login(settings);
        if (settings.tls().isPresent()) {
            properties.setProperty("sslmode", "verify-full");
            properties.setProperty("sslfactory", PostgresTlsFactory.class.getName());
            properties.setProperty("sslhostnameverifier", PostgresHandshakeObserver.class.getName());
        } else {
            properties.setProperty("sslmode", "disable");
        }
        properties.setProperty("gssEncMode", "disable");
        properties.setProperty("preferQueryMode", "simple");
        properties.setProperty("ApplicationName", "Upwatch");
        // Seconds, rounded up; 0 would mean none. loginTimeout stays 0: with one, the driver connects on a thread of its own.
        String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        properties.setProperty("loginTimeout", "0");
        return properties;
    }
}
