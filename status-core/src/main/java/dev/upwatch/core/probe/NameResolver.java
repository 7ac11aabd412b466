package dev.upwatch.core.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks a host name up. The {@link ProbeEnvironment} asks it only for real names (never for address literals, nor for
 * {@code localhost}), then judges every address it returns by the {@link EgressPolicy}; tests give the environment
 * their own resolver to make a name resolve to a denied address without real DNS.
 */
@FunctionalInterface
public interface NameResolver {

    /**
     * Every address {@code host} resolves to, in the order to try them.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system's resolver ({@link InetAddress#getAllByName}, with the JVM's address cache). */
    static NameResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
