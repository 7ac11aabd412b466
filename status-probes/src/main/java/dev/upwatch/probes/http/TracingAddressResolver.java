package dev.upwatch.probes.http;

import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves host names for the shared client and times each lookup into the {@link ConnectionTrace} of the check
 * that asked. A lookup is the first thing Jetty does for a new connection, inside the check's {@code send}, so this is
 * where the connection is bound to that check's trace ({@link ConnectionTrace#bind}). It is also the one place that
 * sees a check's connection context before Jetty picks the TLS settings for it, so it hands checks with
 * {@code insecure: true} the trust-everything TLS settings; all other checks keep the client's verifying ones.
 *
 * <p>Lookups go to {@code checked}, which resolves through the probe environment and so applies the egress policy.
 */
final class TracingAddressResolver implements SocketAddressResolver {
    private final SocketAddressResolver checked;
    private final SslContextFactory.Client trustEverything;

    /**
     * @param checked         resolves through the probe environment (in place on a check's own virtual thread)
     * @param trustEverything the TLS settings of checks with {@code insecure: true}
     */
    TracingAddressResolver(SocketAddressResolver checked, SslContextFactory.Client trustEverything) {
        this.checked = Objects.requireNonNull(checked, "checked");
        this.trustEverything = Objects.requireNonNull(trustEverything, "trustEverything");
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        Optional<ConnectionTrace> found = ConnectionTrace.bind(context);
        if (found.isEmpty()) {
            checked.resolve(host, port, context, promise);
            return;
        }
        ConnectionTrace trace = found.get();
        if (trace.insecure() && context.containsKey(ClientConnector.SSL_CONTEXT_FACTORY_CONTEXT_KEY)) {
            context.put(ClientConnector.SSL_CONTEXT_FACTORY_CONTEXT_KEY, trustEverything);
        }
        trace.lookupStarted();
        checked.resolve(host, port, context, Promise.from(addresses -> {
            trace.lookupSucceeded();
            promise.succeeded(addresses);
        }, failure -> {
            trace.lookupFailed();
            promise.failed(failure);
        }));
    }
}
