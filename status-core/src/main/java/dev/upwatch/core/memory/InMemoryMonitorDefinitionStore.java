package dev.upwatch.core.memory;

import dev.upwatch.core.model.MonitorDefinition;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorDefinitionStore;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link MonitorDefinitionStore} in memory, lost on exit (embedding, tests). */
public final class InMemoryMonitorDefinitionStore implements MonitorDefinitionStore {
    private final Map<MonitorId, MonitorDefinition> definitions = new ConcurrentHashMap<>();

    @Override
    public List<MonitorDefinition> all() {
        return definitions.values().stream()
                .sorted(Comparator.comparing(MonitorDefinition::createdAt).thenComparing(MonitorDefinition::id))
                .toList();
    }

    @Override
    public Optional<MonitorDefinition> find(MonitorId id) {
        return Optional.ofNullable(definitions.get(Objects.requireNonNull(id, "id")));
    }

    @Override
    public void save(MonitorDefinition definition) {
        definitions.put(definition.id(), definition);
    }

    @Override
    public boolean delete(MonitorId id) {
        return definitions.remove(Objects.requireNonNull(id, "id")) != null;
    }
}
