package dev.upwatch.core.service;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.PushSettings;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.rule.PushRule;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Receives the pushes of push (heartbeat) monitors and turns them into checks: the scheduler's check of a push
 * monitor reads the latest push ({@link PushRule}) instead of probing. Tokens are kept only as SHA-256 digests,
 * so looking one up reveals nothing about the others. Thread-safe.
 */
public final class PushRegistry {
    private final Clock clock;
    private final Instant watchingSince;
    private final Map<String, MonitorId> byDigest = new ConcurrentHashMap<>();
    private final Map<MonitorId, PushRule.Push> latest = new ConcurrentHashMap<>();
    private final List<Consumer<MonitorId>> listeners = new CopyOnWriteArrayList<>();

    /** @param clock wall clock: push times and the start of watching */
    public PushRegistry(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.watchingSince = clock.instant();
    }

    /**
     * Starts accepting pushes for {@code monitor} and returns its check.
     *
     * @throws dev.upwatch.core.probe.InvalidSettingException when its settings are not valid push settings
     * @throws IllegalStateException when another monitor has the same token
     */
    public Supplier<Sample> attach(Monitor monitor) {
        PushSettings settings = PushSettings.read(monitor.probe().settings());
        MonitorId previous = byDigest.putIfAbsent(digest(settings.token()), monitor.id());
        if (previous != null && !previous.equals(monitor.id())) {
            throw new IllegalStateException("monitors " + previous + " and " + monitor.id() + " have the same push token");
        }
        return () -> PushRule.verdict(monitor.id(), Optional.ofNullable(latest.get(monitor.id())), watchingSince,
                clock.instant(), monitor.interval().plus(settings.grace()));
    }

    /** Stops accepting pushes for {@code id} (removed, or about to be attached again with new settings). */
    public void detach(MonitorId id) {
        byDigest.values().removeIf(id::equals);
    }

    /** Adds a listener told of each accepted push (the engine checks the monitor at once). */
    public void onPush(Consumer<MonitorId> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Records a push.
     *
     * @return the monitor it belongs to; empty for an unknown token
     */
    public Optional<MonitorId> receive(String token, boolean up, Optional<String> message) {
        MonitorId id = byDigest.get(digest(token));
        if (id == null) {
            return Optional.empty();
        }
        latest.put(id, new PushRule.Push(clock.instant(), up, message));
        listeners.forEach(listener -> listener.accept(id));
        return Optional.of(id);
    }

    /** The latest push of {@code id} since start, if any. */
    public Optional<PushRule.Push> latest(MonitorId id) {
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
}
