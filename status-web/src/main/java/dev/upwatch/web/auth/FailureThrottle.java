package dev.upwatch.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts authentication attempts per client address over a sliding window. An attempt counts from the moment it
 * starts — before its credentials are checked — until it succeeds; a failed one stays counted for the window. A
 * client whose failed and unfinished attempts reach {@code limit} is refused without a check, so concurrent guesses
 * cannot all slip in before the first failure is known: at most {@code limit} credentials of one client are ever
 * checked per window.
 */
final class FailureThrottle {
    /** Failed (or unfinished) attempts allowed per client per window. */
    static final int LIMIT = 20;
    /** The window. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** What a client is told to wait when attempts still under way fill its allowance: they end within seconds. */
    static final Duration WAIT_FOR_UNFINISHED = Duration.ofSeconds(1);
    /** Clients tracked at most; past this, clients with no recent failure and nothing under way are forgotten first. */
    private static final int MAX_CLIENTS = 10_000;

    private final Clock clock;
    private final Map<String, Client> clients = new HashMap<>();

    FailureThrottle(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The answer to a client that wants to present credentials. */
    sealed interface Admission permits Admitted, Refused {
    }

    /** The client may try; its attempt is counted until {@link Attempt#succeeded()} or {@link Attempt#notChecked()}. */
    record Admitted(Attempt attempt) implements Admission {
        Admitted {
            Objects.requireNonNull(attempt, "attempt");
        }
    }

    /** The client must wait {@code retryAfter} before it may try again. */
    record Refused(Duration retryAfter) implements Admission {
        Refused {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** One client's failures in the window (oldest first) and attempts under way. */
    private static final class Client {
        final Deque<Instant> failures = new ArrayDeque<>();
        int unfinished;
    }

    /** One attempt under way; ends exactly once (later calls do nothing). */
    final class Attempt {
        private final Client client;
        private boolean ended;

        private Attempt(Client client) {
            this.client = client;
        }

        /** The credentials were right: the attempt stops counting. */
        void succeeded() {
            end(false);
        }

        /** The credentials were wrong: the attempt counts as a failure for the window. */
        void failed() {
            end(true);
        }

        /** The credentials were not checked (the server was too busy): the attempt stops counting. */
        void notChecked() {
            end(false);
        }

        private void end(boolean failed) {
            synchronized (FailureThrottle.this) {
                if (ended) {
                    return;
                }
                ended = true;
                client.unfinished--;
                if (failed) {
                    Instant now = clock.instant();
                    expire(client, now);
                    client.failures.addLast(now);
                    while (client.failures.size() > LIMIT) {
                        client.failures.removeFirst();
                    }
                }
            }
        }
    }

    /**
     * Admits an attempt of {@code client}, counting it from now on, unless its failures and unfinished attempts in the
     * window already reach the limit.
     */
    synchronized Admission admit(String client) {
        Objects.requireNonNull(client, "client");
        Instant now = clock.instant();
        Client state = clients.get(client);
        if (state == null) {
            makeRoom(now);
            state = new Client();
            clients.put(client, state);
        }
        expire(state, now);
        if (state.failures.size() >= LIMIT) {
            return new Refused(Duration.between(now, state.failures.peekFirst().plus(WINDOW)));
        }
        if (state.failures.size() + state.unfinished >= LIMIT) {
            return new Refused(WAIT_FOR_UNFINISHED);
        }
        state.unfinished++;
        return new Admitted(new Attempt(state));
    }

    private void makeRoom(Instant now) {
        if (clients.size() < MAX_CLIENTS) {
            return;
        }
        clients.values().forEach(state -> expire(state, now));
        clients.values().removeIf(state -> state.failures.isEmpty() && state.unfinished == 0);
        if (clients.size() >= MAX_CLIENTS) {
            clients.clear(); // under a flood from many addresses, forgetting beats running out of memory
        }
    }

    private static void expire(Client state, Instant now) {
        while (!state.failures.isEmpty() && !state.failures.peekFirst().plus(WINDOW).isAfter(now)) {
            state.failures.removeFirst();
        }
    }
}
