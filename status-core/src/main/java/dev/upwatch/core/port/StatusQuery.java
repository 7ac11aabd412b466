package dev.upwatch.core.port;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.StatusSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read side for the page and API: the current state of every service. */
public interface StatusQuery {

    /** Every service now, from memory (no storage access). */
    StatusSnapshot snapshot();

    /** One service now, if it exists. */
    Optional<ServiceStatus> service(MonitorId id);

    /** The newest stored checks of a service, newest first, at most {@code limit}. */
    List<Sample> recentSamples(MonitorId id, int limit);

    /** The stored rollups of a service at {@code tier} whose start lies in {@code [from, to)}, oldest first. */
    List<Rollup> rollups(MonitorId id, RollupTier tier, Instant from, Instant to);
}
