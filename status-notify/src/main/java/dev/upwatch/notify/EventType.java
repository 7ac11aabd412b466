package dev.upwatch.notify;

import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of event a channel can subscribe to: three kinds of status change, incidents, and expiring certificates. */
public enum EventType {
    /** The monitor became DOWN, from any status. */
    DOWN("down", "service.down"),
    /** The monitor became UP after being DOWN or DEGRADED (not UP at startup, not the end of maintenance). */
    UP("up", "service.up"),
    /** The monitor became DEGRADED (passing but slow), from any status. */
    DEGRADED("degraded", "service.degraded"),
    /** An incident was opened, updated or resolved; sent as {@code incident.opened}, {@code .updated}, {@code .resolved}. */
    INCIDENT("incident", "incident"),
    /** A service's TLS certificate expires within the channel's {@code certificate-warning}; once per certificate. */
    CERTIFICATE_EXPIRING("certificate-expiring", "service.certificate-expiring");

    private final String configName;
    private final String wireName;

    EventType(String configName, String wireName) {
        this.configName = configName;
        this.wireName = wireName;
    }

    /** The name used in channel configuration, e.g. {@code down}. */
    public String configName() {
        return configName;
    }

    /** The name sent as the payload's {@code type}, e.g. {@code service.down}; for incidents only the prefix. */
    public String wireName() {
        return wireName;
    }

    /**
     * The event a status change raises, if any. UP counts only as a recovery from DOWN or DEGRADED:
     * a monitor found UP at startup (from UNKNOWN) or leaving MAINTENANCE raises nothing, nor does
     * entering UNKNOWN or MAINTENANCE.
     */
    public static Optional<EventType> of(StatusChange change) {
        Objects.requireNonNull(change, "change");
        return switch (change.current()) {
            case DOWN -> Optional.of(DOWN);
            case DEGRADED -> Optional.of(DEGRADED);
            case UP -> change.previous() == Status.DOWN || change.previous() == Status.DEGRADED
                    ? Optional.of(UP) : Optional.empty();
            case UNKNOWN, MAINTENANCE -> Optional.empty();
        };
    }

    /**
     * The event with the given configuration name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static EventType fromConfigName(String name) {
        Objects.requireNonNull(name, "name");
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.configName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not an event; expected one of "
                        + Arrays.stream(values()).map(EventType::configName).collect(Collectors.joining(", "))));
    }
}
