package dev.upwatch.probes.sql;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Properties;

/**
 * The socket factory JDBC drivers are told to use (by class name: {@code socketFactory} for both PostgreSQL's and
 * MariaDB's): its sockets come already connected from the probe environment, to the addresses the egress policy
 * checked, through the {@link DriverScope} of the check connecting on this thread. Both drivers skip their own connect
 * for a connected socket. Sockets to a given host and port are refused: a driver never names its own target here.
 */
public final class CheckedSocketFactory extends SocketFactory {

    /** For MariaDB Connector/J, which calls the no-argument constructor. */
    public CheckedSocketFactory() {
    }

    /** For PostgreSQL JDBC, which passes the connection properties (unused). */
    public CheckedSocketFactory(Properties connectionProperties) {
    }

    @Override
    public Socket createSocket() throws IOException {
        return DriverScope.current().connect();
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
        return new SocketException("only the check's own connection is made here (createSocket())");
    }
}
