package dev.upwatch.probes.http;

import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.client.transport.internal.HttpConnectionOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

import java.nio.channels.AsynchronousCloseException;
import java.util.Map;

/**
 * The shared client's HTTP/1.1 transport: Jetty's, with connections that close without making a stack trace.
 *
 * <p>A probe's connection carries one exchange and is closed as soon as the response is complete (the pool refuses it
 * back, {@link SharedHttpClient}). Jetty's {@code close()} then makes an {@link AsynchronousCloseException} to fail the
 * exchange in flight, which after a complete response there is none of; filling in its stack trace was about 2 % of the
 * probe's CPU (docs/benchmarks.md). The exception is the same type with the same (empty) message, so a close that does
 * cut an exchange short (the probe closing, the client stopping) fails it exactly as before.
 */
final class ProbeTransport extends HttpClientTransportOverHTTP {
    ProbeTransport(ClientConnector connector) {
        super(connector);
    }

    /** As Jetty's own connection factory makes it, with the connection's settings taken from this transport. */
    @Override
    public Connection newConnection(EndPoint endPoint, Map<String, Object> context) {
        HttpConnectionOverHTTP connection = new QuietlyClosing(endPoint, context);
        connection.setInitialize(isInitializeConnections());
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return customize(connection, context);
    }

    /** A connection whose plain close fails what it cuts short with a {@link StacklessClose}. */
    private static final class QuietlyClosing extends HttpConnectionOverHTTP {
        QuietlyClosing(EndPoint endPoint, Map<String, Object> context) {
            super(endPoint, context);
        }

        @Override
        public void close() {
            close(new StacklessClose());
        }
    }

    /** Jetty's close reason without a stack trace: it only ever says "closed by the client". */
    private static final class StacklessClose extends AsynchronousCloseException {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
