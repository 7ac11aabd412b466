package dev.upwatch.core.rule;

import dev.upwatch.core.model.Status;

import java.util.Collection;

/** The overall state of a page in words, derived from the statuses of its services. */
public enum Headline {
    OPERATIONAL("All systems operational"),
    MAINTENANCE("Under maintenance"),
    CHECKING("Checking services"),
    DEGRADED("Degraded performance"),
    PARTIAL_OUTAGE("Partial outage"),
    MAJOR_OUTAGE("Major outage");

    private final String text;

    Headline(String text) {
        this.text = text;
    }

    /** The sentence shown in the banner. */
    public String text() {
        return text;
    }

    /** Lower-case, dash-separated name used on the wire and as a CSS hook, e.g. {@code partial-outage}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * The headline for these statuses: a major outage when at least half of the services (and at least one)
     * are DOWN, a partial outage when some are; otherwise the worst remaining status decides.
     */
    public static Headline of(Collection<Status> statuses) {
        long down = statuses.stream().filter(s -> s == Status.DOWN).count();
        if (down > 0) {
            return down * 2 >= statuses.size() ? MAJOR_OUTAGE : PARTIAL_OUTAGE;
        }
        return switch (Status.worst(statuses)) {
            case DEGRADED -> DEGRADED;
            case UNKNOWN -> CHECKING;
            case MAINTENANCE -> MAINTENANCE;
            default -> OPERATIONAL;
        };
    }
}
