package dev.upwatch.core.service;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.port.StatusQuery;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the public may see of the live status: every monitor for which {@link dev.upwatch.core.model.Monitor#isPublic()}
 * holds, and nothing of the others, which are as absent as an unknown id. The overall status and the update time are
 * those of the visible monitors only. Every public route reads status through this one view.
 */
public final class PublicStatusQuery implements StatusQuery {
    private final StatusQuery all;
    /** The last full snapshot seen and its public part: filtered again only when the full one changes. */
    private volatile Filtered last = new Filtered(null, null);

    private record Filtered(StatusSnapshot full, StatusSnapshot visible) {
    }

    public PublicStatusQuery(StatusQuery all) {
        this.all = Objects.requireNonNull(all, "all");
    }

    @Override
    public StatusSnapshot snapshot() {
        StatusSnapshot full = all.snapshot();
        Filtered seen = last;
        if (seen.full() == full) {
            return seen.visible();
        }
        StatusSnapshot visible = visible(full);
        last = new Filtered(full, visible);
        return visible;
    }

    private static StatusSnapshot visible(StatusSnapshot full) {
        List<ServiceStatus> visible = full.services().stream().filter(service -> service.monitor().isPublic()).toList();
        if (visible.size() == full.services().size()) {
            return full;
        }
        Instant updatedAt = visible.stream().flatMap(service -> service.lastSample().stream())
                .map(Sample::startedAt).max(Instant::compareTo).orElse(full.updatedAt());
        return new StatusSnapshot(updatedAt, Status.worst(visible.stream().map(ServiceStatus::status).toList()), visible);
    }

    @Override
    public Optional<ServiceStatus> service(MonitorId id) {
        return all.service(id).filter(service -> service.monitor().isPublic());
    }

    @Override
    public List<Sample> recentSamples(MonitorId id, int limit) {
        return service(id).isPresent() ? all.recentSamples(id, limit) : List.of();
    }

    @Override
    public List<Rollup> rollups(MonitorId id, RollupTier tier, Instant from, Instant to) {
        return service(id).isPresent() ? all.rollups(id, tier, from, to) : List.of();
    }

    /** True when {@code id} is a watched monitor hidden from the public. */
    public boolean isHidden(MonitorId id) {
        return all.service(id).map(service -> !service.monitor().isPublic()).orElse(false);
    }
}
