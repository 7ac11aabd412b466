package dev.upwatch.core.memory;

import dev.upwatch.core.model.MaintenanceDefinition;
import dev.upwatch.core.port.MaintenanceDefinitionStore;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link MaintenanceDefinitionStore} in memory, lost on exit (embedding, tests). */
public final class InMemoryMaintenanceDefinitionStore implements MaintenanceDefinitionStore {
    private final Map<String, MaintenanceDefinition> definitions = new ConcurrentHashMap<>();

    @Override
    public List<MaintenanceDefinition> all() {
        return definitions.values().stream()
                .sorted(Comparator.comparing(MaintenanceDefinition::createdAt).thenComparing(MaintenanceDefinition::id))
                .toList();
    }

    @Override
    public Optional<MaintenanceDefinition> find(String id) {
        return Optional.ofNullable(definitions.get(Objects.requireNonNull(id, "id")));
    }

    @Override
    public void save(MaintenanceDefinition definition) {
        definitions.put(definition.id(), definition);
    }

    @Override
    public boolean delete(String id) {
        return definitions.remove(Objects.requireNonNull(id, "id")) != null;
    }
}
