package dev.upwatch.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts failed authentication attempts per client address over a sliding window; a client with {@code limit}
 * failures inside the window is refused until the oldest of them leaves the window.
 */
final class FailureThrottle {
    /** Failures allowed per client per window. */
    static final int LIMIT = 20;
    /** The window. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Clients tracked at most; past this, clients whose failures all expired are forgotten first. */
    private static final int MAX_CLIENTS = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    FailureThrottle(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How long {@code client} must wait before it may try again; empty when it may try now. */
    synchronized Optional<Duration> retryAfter(String client) {
        Instant now = clock.instant();
        Deque<Instant> recent = failures.get(client);
        if (recent == null) {
            return Optional.empty();
        }
        expire(recent, now);
        if (recent.size() < LIMIT) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, recent.peekFirst().plus(WINDOW)));
    }

    /** Records one failed attempt of {@code client}. */
    synchronized void recordFailure(String client) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_CLIENTS && !failures.containsKey(client)) {
            failures.values().forEach(recent -> expire(recent, now));
            failures.values().removeIf(Deque::isEmpty);
            if (failures.size() >= MAX_CLIENTS) {
                failures.clear(); // under a flood from many addresses, forgetting beats running out of memory
            }
        }
        Deque<Instant> recent = failures.computeIfAbsent(client, k -> new ArrayDeque<>());
        expire(recent, now);
        recent.addLast(now);
        while (recent.size() > LIMIT) {
            recent.removeFirst();
        }
    }

    private static void expire(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
            recent.removeFirst();
        }
    }
}
