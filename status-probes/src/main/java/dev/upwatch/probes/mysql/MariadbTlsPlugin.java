package dev.upwatch.probes.mysql;

import dev.upwatch.probes.sql.DriverScope;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.mariadb.jdbc.export.ExceptionFactory;
import org.mariadb.jdbc.plugin.TlsSocketPlugin;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.sql.SQLException;

/**
 * MariaDB Connector/J's TLS for probes ({@code tlsSocketType=upwatch-probe}, found by the driver with
 * {@link java.util.ServiceLoader}): layers TLS over the connection the driver got from the probe environment, with the
 * check's server name and trust ({@link DriverScope#layerTls}); the driver's own host-name check, which it calls right
 * after the handshake, ends the check's {@code tls} phase instead (the name was verified during the handshake against
 * the monitor's server name, not against the address literal the driver knows).
 */
public final class MariadbTlsPlugin implements TlsSocketPlugin {
    static final String TYPE = "upwatch-probe";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TrustManager[] getTrustManager(Configuration conf, ExceptionFactory exceptionFactory,
                                          HostAddress hostAddress) throws SQLException {
        try {
            return DriverScope.current().trustManagers();
        } catch (IOException e) {
            throw exceptionFactory.create(e.getMessage(), "08000", e);
        }
    }

    @Override
    public KeyManager[] getKeyManager(Configuration conf, ExceptionFactory exceptionFactory) {
        return null; // no client certificate
    }

    @Override
    public SSLSocket createSocket(Socket socket, SSLSocketFactory driversFactory) throws IOException {
        return DriverScope.current().layerTls(socket);
    }

    @Override
    public void verify(String host, SSLSession session, long serverThreadId) throws SSLException {
        try {
            DriverScope.current().handshakeDone(session);
        } catch (IOException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }
}
