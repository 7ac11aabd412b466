package dev.upwatch.web.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/** The JSON documents the admin API stores for monitors, maintenance windows and channels (their definitions). */
final class DefinitionJson {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private DefinitionJson() {
    }

    /** {@code definition} as the document stored for it. */
    static String write(ObjectMapper json, Map<String, Object> definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("definition cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A stored document read back as the definition's keys and values. */
    static Map<String, Object> read(ObjectMapper json, String document) {
        try {
            return json.readValue(document, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored definition is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
