package dev.upwatch.core.condition;

import dev.upwatch.core.condition.JsonValue.JsonArray;
import dev.upwatch.core.condition.JsonValue.JsonObject;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A path into a JSON document such as {@code .data[0].name}, written after {@code [BODY]}; at least one step. */
record JsonPath(List<Step> steps) {
    JsonPath {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a JSON path needs at least one step");
        }
    }

    /** The value at this path in {@code root}, or empty when some step does not exist. */
    Optional<JsonValue> select(JsonValue root) {
        JsonValue current = root;
        for (Step step : steps) {
            Optional<JsonValue> next = step.select(current);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        return Optional.of(current);
    }

    /** One step of a path. */
    sealed interface Step {
        Optional<JsonValue> select(JsonValue from);
    }

    /** An object member, {@code .name}. */
    record Member(String name) implements Step {
        Member {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Optional<JsonValue> select(JsonValue from) {
            return from instanceof JsonObject object ? Optional.ofNullable(object.members().get(name)) : Optional.empty();
        }
    }

    /** An array element, {@code [index]}, counting from 0. */
    record Index(int index) implements Step {
        Index {
            if (index < 0) {
                throw new IllegalArgumentException("index must not be negative, got " + index);
            }
        }

        @Override
        public Optional<JsonValue> select(JsonValue from) {
            return from instanceof JsonArray array && index < array.elements().size()
                    ? Optional.of(array.elements().get(index))
                    : Optional.empty();
        }
    }
}
