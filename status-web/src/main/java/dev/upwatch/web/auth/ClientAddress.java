package dev.upwatch.web.auth;

import dev.upwatch.core.model.Cidr;

import java.util.List;
import java.util.Objects;

/**
 * Finds the address of the client a request comes from: the connection's peer, unless that peer is a configured
 * trusted proxy, in which case the {@code X-Forwarded-For} chain is read from the right, skipping trusted proxies.
 * Without trusted proxies the header is ignored, so a client cannot choose its own address.
 */
final class ClientAddress {
    private final List<Cidr> trustedProxies;

    ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The client's address, given the peer's address and the {@code X-Forwarded-For} values (possibly none). */
    String of(String peer, List<String> forwardedFor) {
        Objects.requireNonNull(peer, "peer");
        if (!trusted(peer)) {
            return peer;
        }
        String client = peer;
        List<String> hops = forwardedFor.stream().flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (Cidr.literal(hop).isEmpty()) {
                return client; // garbage in the chain: trust nothing further left
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** True when {@code address} is a configured trusted proxy (whose forwarded headers are believed). */
    boolean trusted(String address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }
}
