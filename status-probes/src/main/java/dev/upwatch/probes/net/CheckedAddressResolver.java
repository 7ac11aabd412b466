package dev.upwatch.probes.net;

import dev.upwatch.core.probe.EgressDeniedException;
import dev.upwatch.core.probe.EgressPolicy;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Jetty {@link SocketAddressResolver} that applies the {@link EgressPolicy} to every address a host resolves to.
 * Jetty connects to the addresses this resolver returns, without looking the name up again, so the address that
 * was checked is the address connected to (no DNS rebinding between check and connect). Each redirect hop is a
 * new request and so is resolved and checked again. If any address is denied the whole lookup fails with an
 * {@link EgressDeniedException} and no connection is attempted.
 */
public final class CheckedAddressResolver implements SocketAddressResolver {
    private final SocketAddressResolver delegate;
    private final Supplier<EgressPolicy> policy;

    /**
     * @param delegate resolves names (Jetty's asynchronous resolver in production)
     * @param policy   read on every lookup, so a newly installed policy applies at once
     */
    public CheckedAddressResolver(SocketAddressResolver delegate, Supplier<EgressPolicy> policy) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        delegate.resolve(host, port, context, Promise.from(addresses -> {
            try {
                policy.get().requireAllowed(host, addresses.stream().map(InetSocketAddress::getAddress).toList());
            } catch (EgressDeniedException e) {
                promise.failed(e);
                return;
            }
            promise.succeeded(addresses);
        }, promise::failed));
    }
}
