package dev.upwatch.probes.postgres;

import dev.upwatch.probes.sql.DriverScope;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Properties;

/**
 * PostgreSQL JDBC's {@code sslfactory} for probes: layers TLS over the connection the driver got from the probe
 * environment, with the check's server name and trust ({@link DriverScope#layerTls}). It makes no connections of its own.
 */
public final class PostgresTlsFactory extends SSLSocketFactory {

    /** Called by the driver with the connection properties (unused: the check's scope has all it needs). */
    public PostgresTlsFactory(Properties connectionProperties) {
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        return DriverScope.current().layerTls(plain);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return ((SSLSocketFactory) SSLSocketFactory.getDefault()).getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return ((SSLSocketFactory) SSLSocketFactory.getDefault()).getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw refused();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw refused();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw refused();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw refused();
    }

    private static SocketException refused() {
        return new SocketException("TLS is only layered over the check's own connection here");
    }
}
