package dev.upwatch.web.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an admin request body: one JSON object within fixed limits on size, nesting, every string and every list,
 * into plain values (String, Number, Boolean, List, Map) that the configuration rules then validate.
 */
final class RequestBody {
    /** Largest body, in characters. */
    static final int MAX_LENGTH = 65_536;
    /** Longest string value, in characters. */
    static final int MAX_STRING = 4_096;
    /** Most items of a list, and most keys of an object. */
    static final int MAX_ITEMS = 100;
    /** Deepest nesting of objects and lists. */
    static final int MAX_DEPTH = 5;

    private RequestBody() {
    }

    /**
     * The object in {@code body}.
     *
     * @throws InvalidRequest naming every field over a limit, or the body when it is not one JSON object
     */
    static Map<String, Object> object(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequest(List.of(new FieldProblem("", "a JSON object is required")));
        }
        if (body.length() > MAX_LENGTH) {
            throw new InvalidRequest(List.of(new FieldProblem("", "the body may be at most " + MAX_LENGTH + " characters")));
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest(List.of(new FieldProblem("", "not valid JSON: " + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequest(List.of(new FieldProblem("", "must be a JSON object")));
        }
        List<FieldProblem> problems = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) plain(root, "", 1, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequest(problems);
        }
        return value;
    }

    private static Object plain(JsonNode node, String path, int depth, List<FieldProblem> problems) {
        if (node.isContainerNode() && depth > MAX_DEPTH) {
            problems.add(new FieldProblem(path, "nested deeper than " + MAX_DEPTH + " levels"));
            return null;
        }
        if (node.isObject()) {
            if (node.size() > MAX_ITEMS) {
                problems.add(new FieldProblem(path, "at most " + MAX_ITEMS + " keys, got " + node.size()));
                return null;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().length() > 100) {
                    problems.add(new FieldProblem(child.substring(0, Math.min(child.length(), 120)), "key longer than 100 characters"));
                    continue;
                }
                map.put(field.getKey(), plain(field.getValue(), child, depth + 1, problems));
            }
            return map;
        }
        if (node.isArray()) {
            if (node.size() > MAX_ITEMS) {
                problems.add(new FieldProblem(path, "at most " + MAX_ITEMS + " items, got " + node.size()));
                return null;
            }
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                list.add(plain(node.get(i), path + "[" + i + "]", depth + 1, problems));
            }
            return list;
        }
        if (node.isTextual()) {
            if (node.textValue().length() > MAX_STRING) {
                problems.add(new FieldProblem(path, "at most " + MAX_STRING + " characters"));
                return null;
            }
            return node.textValue();
        }
        if (node.isNull()) {
            return null;
        }
        return node.isBoolean() ? (Object) node.booleanValue() : node.numberValue();
    }
}
