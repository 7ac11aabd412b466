package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small structural check of JSON against the OpenAPI document's schemas: every object has exactly its
 * required properties (our schemas list all properties as required and forbid others), with the documented
 * types, nullability and enums. Enough to keep the document and the real answers in step, without a validator.
 */
final class OpenApiShape {
    private OpenApiShape() {
    }

    static void check(JsonNode document, JsonNode value, JsonNode schema, String where, List<String> problems) {
        if (schema.has("$ref")) {
            check(document, value, document.at(schema.get("$ref").asText().substring(1)), where, problems);
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(where + ": null but not nullable");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + ": expected an object");
                    return;
                }
                if (schema.has("properties")) {
                    Set<String> required = new HashSet<>();
                    schema.path("required").forEach(r -> required.add(r.asText()));
                    Set<String> present = new HashSet<>();
                    value.fieldNames().forEachRemaining(present::add);
                    for (String name : required) {
                        if (!present.contains(name)) {
                            problems.add(where + "." + name + ": missing");
                        }
                    }
                    for (String name : present) {
                        JsonNode property = schema.get("properties").get(name);
                        if (property == null) {
                            problems.add(where + "." + name + ": not documented");
                        } else {
                            check(document, value.get(name), property, where + "." + name, problems);
                        }
                    }
                } else if (schema.path("additionalProperties").isObject()) {
                    value.fields().forEachRemaining(e -> check(document, e.getValue(), schema.get("additionalProperties"),
                            where + "." + e.getKey(), problems));
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + ": expected an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(document, value.get(i), schema.get("items"), where + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + ": expected a string, got " + value);
                } else if (schema.has("enum")) {
                    Set<String> allowed = new HashSet<>();
                    schema.get("enum").forEach(e -> allowed.add(e.asText()));
                    if (!allowed.contains(value.asText())) {
                        problems.add(where + ": '" + value.asText() + "' not in " + allowed);
                    }
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + ": expected an integer, got " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + ": expected a number, got " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + ": expected a boolean, got " + value);
                }
            }
            default -> problems.add(where + ": schema without a type");
        }
    }
}
