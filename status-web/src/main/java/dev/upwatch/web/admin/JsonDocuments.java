package dev.upwatch.web.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.definition.DocumentCodec;

import java.util.Map;
import java.util.Objects;

/** The JSON documents the admin API stores for monitors, maintenance windows and channels (their definitions). */
final class JsonDocuments implements DocumentCodec {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ObjectMapper json;

    JsonDocuments(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public String write(Map<String, Object> definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("definition cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Map<String, Object> read(String document) {
        try {
            return json.readValue(document, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored definition is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
