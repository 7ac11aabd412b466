package dev.upwatch.web.auth;

import dev.upwatch.core.model.TokenDigest;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Runs password hash checks (PBKDF2, ~0.2-1 s of CPU each) within fixed bounds, so that guessing cannot take the
 * server's CPU: at most {@code running} hashes at once, at most {@code admitted} checks running or waiting in total,
 * and at most {@value #PER_CLIENT} different credentials of one client at a time. A check over a bound is not
 * queued but answered at once ({@link Verdict#CLIENT_BUSY}, {@link Verdict#SERVER_BUSY}). Requests that carry a
 * credential already being checked wait for that check instead of starting another (a browser's parallel requests),
 * and a credential that matched is remembered (by digest), so PBKDF2 runs once per credential, not per request.
 */
final class PasswordChecks {
    /** Different credentials one client may have checked (or waiting) at the same time. */
    static final int PER_CLIENT = 2;
    /** Matching credentials remembered at most (a handful of people share the one basic user). */
    private static final int MAX_REMEMBERED = 256;

    private final int admitted;
    private final Semaphore hashing;
    private final Map<String, Integer> perClient = new HashMap<>();
    private final Map<TokenDigest, CompletableFuture<Boolean>> underWay = new HashMap<>();
    private final Set<TokenDigest> remembered = ConcurrentHashMap.newKeySet();
    private int pending;
    private final AtomicLong hashed = new AtomicLong();
    private final AtomicInteger hashingNow = new AtomicInteger();
    private final AtomicInteger mostHashingAtOnce = new AtomicInteger();

    /** What became of a check. */
    enum Verdict { MATCH, MISMATCH, CLIENT_BUSY, SERVER_BUSY }

    /**
     * @param running  hashes computed at once (each takes one core)
     * @param admitted checks running or waiting for a core, in total; more are refused
     */
    PasswordChecks(int running, int admitted) {
        if (running < 1 || admitted < running) {
            throw new IllegalArgumentException("need 1 <= running <= admitted, got " + running + " and " + admitted);
        }
        this.admitted = admitted;
        this.hashing = new Semaphore(running, true);
    }

    /** Bounds for this machine: half its cores hash at once (at least one), four checks wait per hashing core. */
    static PasswordChecks forThisMachine() {
        int running = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new PasswordChecks(running, running * 4);
    }

    /**
     * Checks {@code credential} of {@code client} with {@code hash} (true when it matches), within the bounds.
     *
     * @param credential identifies the presented credential, to share one check between identical requests
     */
    Verdict check(String client, TokenDigest credential, BooleanSupplier hash) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(hash, "hash");
        if (remembered.contains(credential)) {
            return Verdict.MATCH;
        }
        CompletableFuture<Boolean> shared;
        CompletableFuture<Boolean> result = null;
        synchronized (this) {
            shared = underWay.get(credential);
            if (shared == null) {
                if (perClient.getOrDefault(client, 0) >= PER_CLIENT) {
                    return Verdict.CLIENT_BUSY;
                }
                if (pending >= admitted) {
                    return Verdict.SERVER_BUSY;
                }
                result = new CompletableFuture<>();
                underWay.put(credential, result);
                perClient.merge(client, 1, Integer::sum);
                pending++;
            }
        }
        if (shared != null) {
            return shared.join() ? Verdict.MATCH : Verdict.MISMATCH; // outside the lock: the owner needs it to finish
        }
        boolean matches = false;
        try {
            hashing.acquireUninterruptibly();
            try {
                mostHashingAtOnce.accumulateAndGet(hashingNow.incrementAndGet(), Math::max);
                hashed.incrementAndGet();
                matches = hash.getAsBoolean();
            } finally {
                hashingNow.decrementAndGet();
                hashing.release();
            }
        } finally {
            synchronized (this) {
                if (matches) { // before the check is no longer under way: a request in between finds one or the other
                    if (remembered.size() >= MAX_REMEMBERED) {
                        remembered.clear();
                    }
                    remembered.add(credential);
                }
                underWay.remove(credential);
                perClient.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
                pending--;
            }
            result.complete(matches); // a failed hash is a mismatch for those who shared it
        }
        return matches ? Verdict.MATCH : Verdict.MISMATCH;
    }

    /** Hashes computed since start. */
    long hashed() {
        return hashed.get();
    }

    /** The most hashes that ever ran at the same time. */
    int mostHashingAtOnce() {
        return mostHashingAtOnce.get();
    }
}
