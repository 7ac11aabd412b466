package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.model.Cidr;
import dev.upwatch.core.probe.EgressPolicy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code security.egress}: which addresses probes and webhooks may connect to. */
final class SecuritySection {
    static final Set<String> KEYS = Set.of("egress");
    static final Set<String> EGRESS_KEYS = Set.of("deny-private", "allow");

    private SecuritySection() {
    }

    /** The egress policy; empty when any problem was noted. */
    static Optional<EgressPolicy> read(ConfigMap security) {
        ConfigReader reader = security.reader();
        int before = reader.count();
        ConfigMap egress = security.map("egress", EGRESS_KEYS);
        // Safe by default: the admin API turns requests into probe targets, so loopback and private ranges are
        // refused unless the file says otherwise (deny-private: false, or allow: [CIDR, ...]).
        boolean denyPrivate = egress.bool("deny-private", true);
        List<Cidr> allowed = egress.list("allow").stream()
                .flatMap(item -> reader.parsed(item, Cidr::parse).stream()).toList();
        return reader.count() > before ? Optional.empty() : Optional.of(new EgressPolicy(denyPrivate, allowed));
    }
}
