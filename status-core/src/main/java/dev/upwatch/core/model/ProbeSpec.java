package dev.upwatch.core.model;

import java.util.Objects;

/**
 * Which probe checks a monitor, and with what settings.
 *
 * @param type     the {@code ProbeFactory.type()} that builds the probe, e.g. {@code http}
 * @param settings the type-specific settings, validated by the factory
 */
public record ProbeSpec(String type, ProbeSettings settings) {
    public ProbeSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(settings, "settings");
        if (type.isBlank()) {
            throw new IllegalArgumentException("probe type must not be blank");
        }
    }

    /** A spec of {@code type} with these settings, e.g. {@code ProbeSpec.of("tcp", Map.of("host", "db", "port", "5432"))}. */
    public static ProbeSpec of(String type, java.util.Map<String, ?> settings) {
        return new ProbeSpec(type, ProbeSettings.of(settings));
    }
}
