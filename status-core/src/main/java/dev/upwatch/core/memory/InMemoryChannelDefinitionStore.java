package dev.upwatch.core.memory;

import dev.upwatch.core.model.ChannelDefinition;
import dev.upwatch.core.port.ChannelDefinitionStore;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ChannelDefinitionStore} in memory, lost on exit (embedding, tests). */
public final class InMemoryChannelDefinitionStore implements ChannelDefinitionStore {
    private final Map<String, ChannelDefinition> definitions = new ConcurrentHashMap<>();

    @Override
    public List<ChannelDefinition> all() {
        return definitions.values().stream()
                .sorted(Comparator.comparing(ChannelDefinition::createdAt).thenComparing(ChannelDefinition::id))
                .toList();
    }

    @Override
    public Optional<ChannelDefinition> find(String id) {
        return Optional.ofNullable(definitions.get(Objects.requireNonNull(id, "id")));
    }

    @Override
    public void save(ChannelDefinition definition) {
        definitions.put(definition.id(), definition);
    }

    @Override
    public boolean delete(String id) {
        return definitions.remove(Objects.requireNonNull(id, "id")) != null;
    }
}
