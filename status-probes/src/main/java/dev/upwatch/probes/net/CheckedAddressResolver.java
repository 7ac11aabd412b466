package dev.upwatch.probes.net;

import dev.upwatch.core.probe.CheckedAddress;
import dev.upwatch.core.probe.ProbeEnvironment;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A Jetty {@link SocketAddressResolver} that resolves through the {@link ProbeEnvironment}: every address comes from
 * {@link ProbeEnvironment#resolve}, which has applied the egress policy to each one. Jetty connects to the addresses
 * this resolver returns without looking the name up again, so the address that was checked is the address connected
 * to (no DNS rebinding between check and connect). Each redirect hop is a new request and so is resolved and checked
 * again. A refusal fails the lookup with the environment's {@link dev.upwatch.core.probe.EgressDeniedException}, and no
 * connection is attempted.
 *
 * <p>A lookup asked for on a virtual thread (a check's own thread, which may block) runs in place; others run on
 * {@code blocking}, never on a client's platform thread.
 */
public final class CheckedAddressResolver implements SocketAddressResolver {
    private final ProbeEnvironment environment;
    private final Executor blocking;

    /**
     * @param environment resolves and checks
     * @param blocking    runs lookups asked for on platform threads (virtual threads in production)
     */
    public CheckedAddressResolver(ProbeEnvironment environment, Executor blocking) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        if (Thread.currentThread().isVirtual()) {
            lookUp(host, port, promise);
            return;
        }
        try {
            blocking.execute(() -> lookUp(host, port, promise));
        } catch (RejectedExecutionException e) {
            promise.failed(e);
        }
    }

    private void lookUp(String host, int port, Promise<List<InetSocketAddress>> promise) {
        List<InetSocketAddress> addresses;
        try {
            addresses = environment.resolve(host).stream().map((CheckedAddress a) -> a.socketAddress(port)).toList();
        } catch (UnknownHostException | RuntimeException e) {
            promise.failed(e);
            return;
        }
        promise.succeeded(addresses);
    }
}
