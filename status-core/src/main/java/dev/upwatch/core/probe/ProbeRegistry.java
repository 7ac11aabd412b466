package dev.upwatch.core.probe;

import dev.upwatch.core.model.InvalidSettingException;

import dev.upwatch.core.model.ProbeSettings;

import dev.upwatch.core.model.ProbeSpec;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The probe types available to this process, by {@link ProbeFactory#type()}. */
public final class ProbeRegistry {
    private final Map<String, ProbeFactory> factories;

    private ProbeRegistry(Collection<ProbeFactory> factories) {
        Map<String, ProbeFactory> byType = new TreeMap<>();
        for (ProbeFactory factory : factories) {
            ProbeFactory previous = byType.putIfAbsent(factory.type(), factory);
            if (previous != null) {
                throw new IllegalStateException("probe type '" + factory.type() + "' is provided twice: by "
                        + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        this.factories = Map.copyOf(byType);
    }

    /** Every {@link ProbeFactory} that {@link ServiceLoader} finds through {@code classLoader}. */
    public static ProbeRegistry load(ClassLoader classLoader) {
        return new ProbeRegistry(ServiceLoader.load(ProbeFactory.class, classLoader).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    /** Exactly the given factories (embedding, tests). */
    public static ProbeRegistry of(ProbeFactory... factories) {
        return new ProbeRegistry(List.of(factories));
    }

    /** The factory for {@code type}, if one is registered. */
    public Optional<ProbeFactory> find(String type) {
        return Optional.ofNullable(factories.get(type));
    }

    /** Registered type names, sorted. */
    public List<String> types() {
        return List.copyOf(new TreeMap<>(factories).keySet());
    }

    /**
     * The conditions a monitor of {@code type} gets when it configures none ({@link ProbeFactory#defaultConditions()}),
     * as written (the condition package parses them; the probe SPI stands below it); empty for an unknown type.
     */
    public List<String> defaultConditions(String type) {
        return find(type).map(ProbeFactory::defaultConditions).orElse(List.of());
    }

    /**
     * Whether the factory of {@code type} builds its probes with the probe environment (it implements
     * {@link ProbeFactory#create(ProbeSettings, ProbeEnvironment)}), so that the egress policy checks their connections;
     * false for a factory written before the environment existed, and for an unknown type.
     */
    public boolean checksEgress(String type) {
        return find(type).map(factory -> {
            try {
                return factory.getClass().getMethod("create", ProbeSettings.class, ProbeEnvironment.class)
                        .getDeclaringClass() != ProbeFactory.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }).orElse(false);
    }

    /**
     * Builds the probe {@code spec} describes, reaching the network only through {@code environment}.
     *
     * @throws InvalidSettingException with key {@code type} for an unknown type, or naming the bad setting
     */
    public Probe create(ProbeSpec spec, ProbeEnvironment environment) {
        ProbeFactory factory = find(spec.type()).orElseThrow(() -> new InvalidSettingException("type",
                "unknown probe type '" + spec.type() + "'; known types: " + String.join(", ", types())));
        return factory.create(spec.settings(), environment);
    }

    /**
     * Checks the settings of {@code spec} by building its probe in the {@linkplain ProbeEnvironment#offline() offline
     * environment} and closing it again.
     *
     * @throws InvalidSettingException with key {@code type} for an unknown type, or naming the bad setting
     */
    public void validate(ProbeSpec spec) {
        create(spec, ProbeEnvironment.offline()).close();
    }
}
