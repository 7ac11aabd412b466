package dev.upwatch.probes.postgres;

import dev.upwatch.probes.sql.DriverScope;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.util.Properties;

/**
 * PostgreSQL JDBC's {@code sslhostnameverifier} for probes, which the driver calls right after the TLS handshake: it
 * ends the check's {@code tls} phase and reads the certificate. The name was already verified during the handshake
 * against the monitor's server name ({@link PostgresTlsFactory}), not against the address literal the driver knows.
 */
public final class PostgresHandshakeObserver implements HostnameVerifier {

    /** Called by the driver with the connection properties (unused). */
    public PostgresHandshakeObserver(Properties connectionProperties) {
    }

    @Override
    public boolean verify(String addressLiteral, SSLSession session) {
        try {
            DriverScope.current().handshakeDone(session);
            return true;
        } catch (IOException noCheck) {
            return false; // no check is connecting on this thread: nothing to vouch for
        }
    }
}
