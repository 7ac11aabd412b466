package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.config.DurationRange;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.NodeId;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Reads {@code cluster}: this node's id and location; only with PostgreSQL storage. */
final class ClusterSection {
    static final Set<String> KEYS = Set.of("node-id", "location", "lease");
    static final DurationRange LEASE = DurationRange.of(Duration.ofSeconds(2), Duration.ofMinutes(5));

    private ClusterSection() {
    }

    /**
     * The cluster settings; empty when the section is left out or any problem was noted.
     *
     * @param storage the storage settings, if valid: a cluster needs PostgreSQL
     */
    static Optional<ClusterConfig> read(ConfigMap top, Optional<StorageConfig> storage) {
        if (!top.has("cluster")) {
            return Optional.empty();
        }
        ConfigMap map = top.map("cluster", KEYS);
        ConfigReader reader = map.reader();
        int before = reader.count();
        Optional<NodeId> nodeId = map.required("node-id", NodeId::of);
        Optional<Location> location = map.required("location", Location::of);
        Duration lease = map.duration("lease", ClusterConfig.DEFAULT_LEASE, LEASE);
        boolean postgres = storage.flatMap(StorageConfig::jdbcUrl).filter(url -> url.startsWith("jdbc:postgresql:"))
                .isPresent();
        if (storage.isPresent() && !postgres) {
            reader.report(map.node(), "a cluster needs PostgreSQL storage (storage.jdbc-url: jdbc:postgresql://…); "
                    + "the embedded H2 store is single-node");
        }
        if (reader.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ClusterConfig(nodeId.orElseThrow(), location.orElseThrow(), lease));
    }
}
