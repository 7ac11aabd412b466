package dev.upwatch.core.probe;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Push;
import dev.upwatch.core.port.PushExchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the pushes of push (heartbeat) monitors arrive, one per {@link ProbeEnvironment}. A push probe opens a
 * {@link Mailbox} for its token when it is built; a push is accepted only for a token whose mailbox belongs to a probe
 * the engine runs now ({@link ProbeOwner#monitorOf}), is kept as that monitor's latest push, and checks the monitor at
 * once. A monitor whose probe is replaced keeps its latest push; the old probe's token stops being accepted at once.
 * Tokens are kept only as SHA-256 digests, so looking one up reveals nothing about the others. Thread-safe.
 */
public final class PushInbox {
    private final Clock clock;
    private final Instant watchingSince;
    private final Map<String, Set<Mailbox>> byDigest = new ConcurrentHashMap<>();
    private final Map<MonitorId, Push> latest = new ConcurrentHashMap<>();
    private final ProbeEnvironment environment;
    /** The cluster's pushes, once {@link #share shared}; a process alone keeps its pushes to itself. */
    private volatile Optional<PushExchange> exchange = Optional.empty();

    PushInbox(Clock clock, ProbeEnvironment environment) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.watchingSince = clock.instant();
    }

    /** When pushes began to be awaited (the environment's creation, i.e. the start of the process). */
    public Instant watchingSince() {
        return watchingSince;
    }

    /** Starts accepting pushes with {@code token} for the monitor {@code owner} checks, until the mailbox is closed. */
    public Mailbox open(String token, Probe owner) {
        Mailbox mailbox = new Mailbox(digest(token), owner);
        byDigest.computeIfAbsent(mailbox.digest, key -> ConcurrentHashMap.newKeySet()).add(mailbox);
        return mailbox;
    }

    /**
     * Records a push and checks its monitor at once.
     *
     * @return the monitor it belongs to; empty for a token no running probe has, and for a token two monitors share
     *         (the configuration reader refuses that; should it happen anyway, neither monitor takes the push)
     */
    public Optional<MonitorId> receive(String token, boolean up, Optional<String> message) {
        Set<Mailbox> mailboxes = byDigest.get(digest(token));
        Optional<ProbeOwner> owner = environment.owner();
        if (mailboxes == null || owner.isEmpty()) {
            return Optional.empty();
        }
        Set<MonitorId> monitors = new java.util.HashSet<>();
        for (Mailbox mailbox : List.copyOf(mailboxes)) {
            owner.get().monitorOf(mailbox.owner).ifPresent(monitors::add);
        }
        if (monitors.size() != 1) {
            if (monitors.size() > 1) {
                System.getLogger(PushInbox.class.getName()).log(System.Logger.Level.WARNING, "push refused: monitors "
                        + monitors + " have the same push token; give each its own");
            }
            return Optional.empty();
        }
        MonitorId monitor = monitors.iterator().next();
        Push push = new Push(clock.instant(), up, message);
        latest.put(monitor, push);
        exchange.ifPresent(shared -> {
            try {
                shared.publish(monitor, push);
            } catch (RuntimeException e) {
                System.getLogger(PushInbox.class.getName()).log(System.Logger.Level.WARNING, "cannot share the push of "
                        + monitor.value() + " with the cluster; only this node has it: " + e.getMessage());
            }
        });
        owner.get().checkNow(monitor); // runs only where the monitor is checked now (the scheduler asks its assignment)
        return Optional.of(monitor);
    }

    /**
     * Shares pushes with the other nodes of a cluster from now on: each push received here is published, and each push
     * any node publishes becomes its monitor's latest here when it is newer, checking the monitor at once (where this
     * node checks it). Call once, after the engine started.
     */
    public void share(PushExchange pushes) {
        Objects.requireNonNull(pushes, "pushes");
        exchange = Optional.of(pushes);
        pushes.follow(this::adopt);
    }

    /** A push another node received (or this one, told back): kept when newer than the latest known here. */
    private void adopt(MonitorId monitor, Push push) {
        Push before = latest.get(monitor);
        Push now = latest.merge(monitor, push, (old, candidate) -> candidate.at().isAfter(old.at()) ? candidate : old);
        if (now != before && now == push) {
            environment.owner().ifPresent(owner -> owner.checkNow(monitor));
        }
    }

    /** The latest push of {@code id} since the start, if any. */
    public Optional<Push> latest(MonitorId id) {
        return Optional.ofNullable(latest.get(id));
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** One push probe's claim on a token; closing it stops accepting that token for the probe. */
    public final class Mailbox implements AutoCloseable {
        private final String digest;
        private final Probe owner;

        private Mailbox(String digest, Probe owner) {
            this.digest = digest;
            this.owner = Objects.requireNonNull(owner, "owner");
        }

        @Override
        public void close() {
            byDigest.computeIfPresent(digest, (key, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
