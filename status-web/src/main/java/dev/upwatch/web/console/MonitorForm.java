package dev.upwatch.web.console;

import dev.upwatch.core.model.Condition;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Visibility;
import dev.upwatch.web.admin.SecretMask;
import jakarta.servlet.http.HttpServletRequest;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The monitor editor's fields as text, as entered or as shown: the keys every monitor has in fields of their own,
 * everything else (the probe type's settings and the rarer monitor keys) as the YAML the configuration file would
 * hold, in {@value #SETTINGS}. The form checks nothing of a monitor itself: its {@link #definition} goes to the core's
 * definition use cases, which apply the file's rules, so the console, the API and the file stay one set of rules.
 *
 * @param fields each field's text by name (a key of the definition, or {@value #SETTINGS}); a checked box is
 *               {@code true}
 */
public record MonitorForm(Map<String, String> fields) {
    /** The field of the other keys, as YAML. */
    static final String SETTINGS = "settings";
    /** The check box of {@code private}. */
    static final String PRIVATE = "private";
    /** The common keys with a field of their own, in form order ({@code conditions}: one per line). */
    static final List<String> COMMON = List.of("id", "name", "type", "group", "interval", "timeout", "conditions",
            "failure-threshold", "success-threshold", "degraded-above");
    /** Longest text of one field, in characters (a form is not a file upload). */
    static final int MAX_FIELD = 20_000;

    public MonitorForm {
        fields = Map.copyOf(fields);
    }

    /** The text of {@code field}, empty when not given. */
    public String value(String field) {
        return fields.getOrDefault(field, "");
    }

    /** Whether the box {@code field} is checked. */
    public boolean checked(String field) {
        return "true".equals(fields.get(field));
    }

    /** The form as posted. */
    static MonitorForm posted(HttpServletRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : COMMON) {
            fields.put(field, text(request.getParameter(field)));
        }
        fields.put(SETTINGS, text(request.getParameter(SETTINGS)));
        fields.put(PRIVATE, request.getParameter(PRIVATE) == null ? "false" : "true");
        return new MonitorForm(fields);
    }

    /** A blank form for a new monitor of {@code type}. */
    static MonitorForm blank(String type) {
        return new MonitorForm(Map.of("type", type));
    }

    /**
     * The form showing a definition's keys (an API monitor's stored document); secrets are masked, and saving the
     * mask back keeps the stored secret.
     */
    static MonitorForm of(Map<String, Object> keys) {
        Map<String, Object> masked = new LinkedHashMap<>(SecretMask.masked(keys));
        masked.remove("paused"); // pausing has its own buttons
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : COMMON) {
            Object value = masked.remove(field);
            if (value instanceof List<?> list) {
                fields.put(field, String.join("\n", list.stream().map(String::valueOf).toList()));
            } else if (value != null) {
                fields.put(field, String.valueOf(value));
            }
        }
        Object hidden = masked.remove(PRIVATE);
        fields.put(PRIVATE, String.valueOf(Boolean.TRUE.equals(hidden) || "true".equals(String.valueOf(hidden))));
        fields.put(SETTINGS, yaml(masked));
        return new MonitorForm(fields);
    }

    /** The form showing a monitor of the configuration file (as read, secrets masked). */
    static MonitorForm of(Monitor monitor) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("id", monitor.id().value());
        keys.put("name", monitor.name());
        keys.put("type", monitor.probe().type());
        keys.put("group", monitor.group());
        keys.put("interval", DurationText.format(monitor.interval()));
        keys.put("timeout", DurationText.format(monitor.timeout()));
        keys.put("conditions", monitor.conditions().stream().map(Condition::expression).toList());
        keys.put("failure-threshold", monitor.failureThreshold());
        keys.put("success-threshold", monitor.successThreshold());
        monitor.degradedAbove().ifPresent(d -> keys.put("degraded-above", DurationText.format(d)));
        keys.put(PRIVATE, monitor.visibility() == Visibility.PRIVATE);
        keys.putAll(monitor.probe().settings().asMap());
        return of(keys);
    }

    /** This form with {@code id} in place of its id (a clone). */
    MonitorForm withId(String id) {
        Map<String, String> next = new LinkedHashMap<>(fields);
        next.put("id", id);
        return new MonitorForm(next);
    }

    /**
     * The definition the form describes: the filled fields under their keys, then the keys of {@value #SETTINGS}.
     *
     * @param problems receives a problem of the form itself by field (YAML that does not read, a key given twice)
     * @return empty when there are such problems
     */
    Optional<Map<String, Object>> definition(Map<String, String> problems) {
        Map<String, Object> definition = new LinkedHashMap<>();
        for (String field : COMMON) {
            String text = value(field).strip();
            if (text.length() > MAX_FIELD) {
                problems.put(field, "must be at most " + MAX_FIELD + " characters");
            } else if (field.equals("conditions")) {
                List<String> lines = Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                if (!lines.isEmpty()) {
                    definition.put(field, lines);
                }
            } else if (!text.isEmpty()) {
                definition.put(field, text);
            }
        }
        if (checked(PRIVATE)) {
            definition.put(PRIVATE, true);
        }
        String settings = value(SETTINGS);
        if (settings.length() > MAX_FIELD) {
            problems.put(SETTINGS, "must be at most " + MAX_FIELD + " characters");
        } else if (!settings.isBlank()) {
            Object read;
            try {
                read = new Yaml(new SafeConstructor(new LoaderOptions())).load(settings);
            } catch (YAMLException e) {
                read = e;
            }
            if (read instanceof Map<?, ?> map) {
                List<String> twice = new ArrayList<>();
                map.forEach((key, value) -> {
                    String name = String.valueOf(key);
                    if (definition.containsKey(name) || COMMON.contains(name) || name.equals(PRIVATE)) {
                        twice.add(name);
                    } else {
                        definition.put(name, value);
                    }
                });
                if (!twice.isEmpty()) {
                    problems.put(SETTINGS, String.join(", ", twice) + ": has a field of its own above; give it there");
                }
            } else if (read != null) {
                problems.put(SETTINGS, "must be YAML keys and values (key: value, one a line), as in the configuration"
                        + " file" + (read instanceof YAMLException e ? ": " + firstLine(e.getMessage()) : ""));
            }
        }
        return problems.isEmpty() ? Optional.of(definition) : Optional.empty();
    }

    private static String firstLine(String text) {
        String line = Objects.requireNonNullElse(text, "").strip();
        int end = line.indexOf('\n');
        return end < 0 ? line : line.substring(0, end);
    }

    private static String yaml(Map<String, Object> keys) {
        if (keys.isEmpty()) {
            return "";
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return new Yaml(options).dump(keys);
    }

    private static String text(String given) {
        return given == null ? "" : given;
    }
}
