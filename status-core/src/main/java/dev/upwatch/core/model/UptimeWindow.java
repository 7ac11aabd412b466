package dev.upwatch.core.model;

import java.time.Duration;
import java.util.Optional;

/** The rolling windows over which uptime is reported, ending now. */
public enum UptimeWindow {
    H24("24h", Duration.ofHours(24)),
    D7("7d", Duration.ofDays(7)),
    D30("30d", Duration.ofDays(30)),
    D90("90d", Duration.ofDays(90)),
    Y365("365d", Duration.ofDays(365));

    private final String label;
    private final Duration length;

    UptimeWindow(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    /** The short name used in the API and on the page, e.g. {@code 24h}. */
    public String label() {
        return label;
    }

    /** How far back the window reaches. */
    public Duration length() {
        return length;
    }

    /** The window labelled {@code label}, if any. */
    public static Optional<UptimeWindow> fromLabel(String label) {
        for (UptimeWindow window : values()) {
            if (window.label.equals(label)) {
                return Optional.of(window);
            }
        }
        return Optional.empty();
    }
}
