package dev.upwatch.core.service;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.port.StatusQuery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the public may see of the live status: every monitor for which {@link dev.upwatch.core.model.Monitor#isPublic()}
 * holds, and nothing of the others, which are as absent as an unknown id. The overall status and the update time are
 * those of the visible monitors only. Every public route reads status through this one view (narrowed further to a
 * status page's monitors by {@link PageScope}).
 */
public final class PublicStatusQuery implements StatusQuery {
    private final NarrowedStatusQuery visible;

    public PublicStatusQuery(StatusQuery all) {
        this.visible = new NarrowedStatusQuery(all, Monitor::isPublic);
    }

    @Override
    public StatusSnapshot snapshot() {
        return visible.snapshot();
    }

    @Override
    public Optional<ServiceStatus> service(MonitorId id) {
        return visible.service(id);
    }

    @Override
    public List<Sample> recentSamples(MonitorId id, int limit) {
        return visible.recentSamples(id, limit);
    }

    @Override
    public List<Rollup> rollups(MonitorId id, RollupTier tier, Instant from, Instant to) {
        return visible.rollups(id, tier, from, to);
    }

    /** True when {@code id} is a watched monitor hidden from the public. */
    public boolean isHidden(MonitorId id) {
        return visible.isHidden(id);
    }
}
