package dev.upwatch.core.definition;

import dev.upwatch.core.config.ConfigProblem;
import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.memory.InMemoryChannelDefinitionStore;
import dev.upwatch.core.model.Monitor;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel use cases over a channel type the core does not know, resolving monitors against those watched now. */
class ChannelDefinitionsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    /** A channel that names monitors. */
    record Channel(String id, List<String> monitors) {
    }

    /** Keys {@code id} and {@code monitors}; a monitor not watched is a problem, as status-notify's reader says. */
    private static final DefinitionFormat<Channel> FORMAT = (keys, monitors, source) -> {
        List<String> named = keys.get("monitors") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        List<String> watched = monitors.stream().map(m -> m.id().value()).toList();
        List<ConfigProblem> problems = named.stream().filter(name -> !watched.contains(name))
                .map(name -> new ConfigProblem(source, 0, "monitors", "no monitor '" + name + "'")).toList();
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new Channel((String) keys.get("id"), named);
    };

    private final InMemoryChannelDefinitionStore store = new InMemoryChannelDefinitionStore();
    private final DefinitionFakes.MemoryCodec codec = new DefinitionFakes.MemoryCodec();
    private final AtomicReference<List<Monitor>> watched = new AtomicReference<>(List.of(DefinitionFakes.monitor("web", "Sites")));
    private final List<List<Channel>> told = new ArrayList<>();

    private ChannelDefinitions<Channel> channels(List<Defined<Channel>> inFile) {
        ChannelDefinitions<Channel> channels = new ChannelDefinitions<>(FORMAT, Channel::id, inFile, () -> inFile, store,
                () -> watched.get(), codec, CLOCK);
        channels.subscribe(told::add);
        return channels;
    }

    @Test
    void createStoresTellsTheNotifierAndKeepsIdsToOneOwner() {
        Defined<Channel> ops = Defined.fromFile("ops", new Channel("ops", List.of()), Origin.file("upwatch.yml", 30));
        ChannelDefinitions<Channel> channels = channels(List.of(ops));

        channels.create(Map.of("id", "team", "monitors", List.of("web")));

        assertEquals(List.of(List.of(new Channel("ops", List.of()), new Channel("team", List.of("web")))), told);
        assertEquals(Refusal.ID_TAKEN,
                assertThrows(DefinitionRefused.class, () -> channels.create(Map.of("id", "ops"))).reason());
        assertEquals(Refusal.OWNED_BY_FILE, assertThrows(DefinitionRefused.class, () -> channels.delete("ops")).reason());
        assertEquals("defined in upwatch.yml, line 30", channels.find("ops").orElseThrow().origin().describe());
    }

    @Test
    void aReloadKeepsAStoredChannelThatNoLongerResolvesAsItWas() {
        ChannelDefinitions<Channel> channels = channels(List.of());
        channels.create(Map.of("id", "team", "monitors", List.of("web")));
        watched.set(List.of());

        channels.reload();

        assertEquals(List.of("web"), channels.find("team").orElseThrow().value().monitors());
        // A fresh start cannot resolve it and leaves it out, but it stays stored.
        assertTrue(channels(List.of()).list().isEmpty());
        assertEquals(1, store.all().size());
    }
}
