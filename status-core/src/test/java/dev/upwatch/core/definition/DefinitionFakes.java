package dev.upwatch.core.definition;

import dev.upwatch.core.config.ConfigProblem;
import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Fakes of the definition use cases' out-ports: a tiny monitor format and a document codec kept in memory. */
final class DefinitionFakes {
    private DefinitionFakes() {
    }

    static Monitor monitor(String id, String group) {
        return Monitor.builder(MonitorId.of(id), id, new ProbeSpec("test", ProbeSettings.empty())).group(group).build();
    }

    static Defined<Monitor> inFile(String id, String group, int line) {
        return Defined.fromFile(id, monitor(id, group), Origin.file("upwatch.yml", line));
    }

    /** Reads {@code id} (required) and {@code group}; any other key is a problem, as the file's reader would say. */
    static final class MonitorFormat implements DefinitionFormat<Monitor> {
        @Override
        public Monitor read(Map<String, ?> keys, List<Monitor> monitors, String source) {
            List<ConfigProblem> problems = new ArrayList<>();
            if (!(keys.get("id") instanceof String)) {
                problems.add(new ConfigProblem(source, 0, "id", "is required"));
            }
            keys.keySet().stream().filter(key -> !key.equals("id") && !key.equals("group"))
                    .forEach(key -> problems.add(new ConfigProblem(source, 0, key, "unknown key")));
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
            Object group = keys.get("group");
            return monitor((String) keys.get("id"), group == null ? Monitor.DEFAULT_GROUP : (String) group);
        }
    }

    /** Keeps each document's keys under a made-up text. */
    static final class MemoryCodec implements DocumentCodec {
        private final Map<String, Map<String, Object>> documents = new HashMap<>();
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public String write(Map<String, Object> keys) {
            String document = "doc-" + next.incrementAndGet();
            documents.put(document, new LinkedHashMap<>(keys));
            return document;
        }

        @Override
        public Map<String, Object> read(String document) {
            Map<String, Object> keys = documents.get(document);
            if (keys == null) {
                throw new IllegalArgumentException("no document " + document);
            }
            return new LinkedHashMap<>(keys);
        }
    }
}
