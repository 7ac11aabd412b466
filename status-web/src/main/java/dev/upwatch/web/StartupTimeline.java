package dev.upwatch.web;

import java.util.StringJoiner;

/**
 * How long each phase of a start took, in the order they ran: logged once the instance serves, so that a slow start
 * says where its time went. Not thread-safe: one starting thread marks it.
 */
final class StartupTimeline {
    private final long began = System.nanoTime();
    private long last = began;
    private final StringJoiner phases = new StringJoiner(", ");

    /** Ends the phase {@code name}, which began at the previous mark (or at creation). */
    void mark(String name) {
        mark(name, "");
    }

    /** Ends the phase {@code name} as {@link #mark(String)} does, with {@code note} in brackets after its time. */
    void mark(String name, String note) {
        long now = System.nanoTime();
        phases.add(name + " " + (now - last) / 1_000_000 + " ms" + (note.isEmpty() ? "" : " (" + note + ")"));
        last = now;
    }

    /** e.g. {@code 1234 ms: modules 800 ms, web server 300 ms, ...}. */
    String summary() {
        return (last - began) / 1_000_000 + " ms: " + phases;
    }
}
