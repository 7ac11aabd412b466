package dev.upwatch.core.probe;

import dev.upwatch.core.model.MonitorId;

import java.util.Optional;

/**
 * The engine that owns the probes built with one {@link ProbeEnvironment}, as the environment sees it: which monitor a
 * probe checks, and a way to check a monitor at once (a push monitor when its push arrives). An engine binds itself
 * with {@link ProbeEnvironment#bindOwner}, once.
 */
public interface ProbeOwner {

    /** The monitor {@code probe} checks now; empty when no monitor uses it (it was replaced or removed). */
    Optional<MonitorId> monitorOf(Probe probe);

    /** Checks {@code id} at once, outside its schedule; false when no such monitor is scheduled. */
    boolean checkNow(MonitorId id);
}
