package dev.upwatch.probes.sql;

import dev.upwatch.core.probe.CheckedAddress;

import java.net.Inet6Address;
import java.sql.Driver;
import java.time.Duration;
import java.util.Properties;

/** What differs between database products: the JDBC driver, its URL and its connection properties. */
public interface SqlDriver {

    /** The product's name in reasons, e.g. {@code postgres} ("postgres replied: ..."). */
    String product();

    /** The driver, used directly (not through {@link java.sql.DriverManager}). */
    Driver driver();

    /**
     * The URL naming {@code address} by its literal (so the driver never looks a name up) and the database.
     *
     * @param address the first checked address; the socket the driver gets may be to another checked one
     */
    String url(CheckedAddress address, int port, SqlSettings settings);

    /**
     * The connection properties: credentials, {@link CheckedSocketFactory} as the socket factory, the driver's TLS hooks
     * when {@code tls} is set, and {@code timeout} as its connect and socket time-outs.
     */
    Properties properties(SqlSettings settings, Duration timeout);

    /** {@code address} as a URL host: its literal, an IPv6 one in brackets. */
    static String urlHost(CheckedAddress address) {
        return address.address() instanceof Inet6Address ? "[" + address.hostAddress() + "]" : address.hostAddress();
    }

    /** The properties every driver starts from: the credentials and {@link CheckedSocketFactory} as socket factory. */
    static Properties login(SqlSettings settings) {
        Properties properties = new Properties();
        properties.setProperty("user", settings.username());
        settings.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("socketFactory", CheckedSocketFactory.class.getName());
        return properties;
    }
}
