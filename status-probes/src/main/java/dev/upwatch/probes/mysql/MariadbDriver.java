package dev.upwatch.probes.mysql;

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
 * MariaDB Connector/J (for MySQL and MariaDB servers), set up for a probe: the socket factory is
 * {@link CheckedSocketFactory}; with TLS, {@code sslMode} {@code verify-full} through {@link MariadbTlsPlugin} (TLS
 * layered by the probe: SNI and name checked against the server name, trust on the environment's clock); without,
 * {@code disable}. Redirects to another server are refused ({@code permitRedirect}: a server could otherwise send the
 * driver elsewhere), and so are {@code LOAD DATA LOCAL} requests ({@code allowLocalInfile}: a server could otherwise
 * ask for files of ours).
 */
enum MariadbDriver implements SqlDriver {
    INSTANCE;

    private final Driver driver = new org.mariadb.jdbc.Driver();

    @Override
    public String product() {
        return "mysql";
    }

    @Override
    public Driver driver() {
        return driver;
    }

    @Override
    public String url(CheckedAddress address, int port, SqlSettings settings) {
        String host = SqlDriver.urlHost(address);
        return "jdbc:mariadb://" + host + ":" + port + "/"
                + settings.database().map(name -> URLEncoder.encode(name, StandardCharsets.UTF_8)).orElse("");
    }

    @Override
    public Properties properties(SqlSettings settings, Duration timeout) {
        Properties properties = SqlDriver.login(settings);
        if (settings.tls().isPresent()) {
            properties.setProperty("sslMode", "verify-full");
            properties.setProperty("tlsSocketType", MariadbTlsPlugin.TYPE);
        } else {
            properties.setProperty("sslMode", "disable");
        }
        properties.setProperty("permitRedirect", "false");
        properties.setProperty("allowLocalInfile", "false");
        String millis = Long.toString(Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
        properties.setProperty("connectTimeout", millis);
        properties.setProperty("socketTimeout", millis);
        return properties;
    }
}
