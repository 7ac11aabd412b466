package dev.upwatch.core.service;

import dev.upwatch.core.model.Monitor;
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
import java.util.function.Predicate;

/**
 * A status view that shows only the monitors {@code shown} accepts; the others are as absent as an unknown id, and
 * the overall status and update time are those of the shown monitors only. The public view ({@link PublicStatusQuery})
 * and each status page's view ({@link PageScope}) are such views.
 *
 * <p>The snapshot is narrowed once per snapshot of the underlying view, and the same narrowed object is kept while
 * the shown services are the same objects: a view of five services does not change when another service is checked,
 * so readers that compare snapshots by identity (the live pages, the summary document) see no change.
 */
public final class NarrowedStatusQuery implements StatusQuery {
    private final StatusQuery all;
    private final Predicate<Monitor> shown;
    /** The last underlying snapshot seen and its narrowed part. */
    private volatile Narrowed last = new Narrowed(null, null);

    private record Narrowed(StatusSnapshot full, StatusSnapshot visible) {
    }

    /** The monitors of {@code all} that {@code shown} accepts. */
    public NarrowedStatusQuery(StatusQuery all, Predicate<Monitor> shown) {
        this.all = Objects.requireNonNull(all, "all");
        this.shown = Objects.requireNonNull(shown, "shown");
    }

    @Override
    public StatusSnapshot snapshot() {
        StatusSnapshot full = all.snapshot();
        Narrowed seen = last;
        if (seen.full() == full) {
            return seen.visible();
        }
        StatusSnapshot visible = narrow(full, seen.visible());
        last = new Narrowed(full, visible);
        return visible;
    }

    private StatusSnapshot narrow(StatusSnapshot full, StatusSnapshot before) {
        List<ServiceStatus> visible = full.services().stream().filter(service -> shown.test(service.monitor())).toList();
        if (visible.size() == full.services().size()) {
            return full;
        }
        if (before != null && StatusSnapshot.sameServices(before.services(), visible)) {
            return before;
        }
        Instant updatedAt = visible.stream().flatMap(service -> service.lastSample().stream())
                .map(Sample::startedAt).max(Instant::compareTo).orElse(full.updatedAt());
        return new StatusSnapshot(updatedAt, Status.worst(visible.stream().map(ServiceStatus::status).toList()), visible);
    }

    @Override
    public Optional<ServiceStatus> service(MonitorId id) {
        return all.service(id).filter(service -> shown.test(service.monitor()));
    }

    @Override
    public List<Sample> recentSamples(MonitorId id, int limit) {
        return service(id).isPresent() ? all.recentSamples(id, limit) : List.of();
    }

    @Override
    public List<Rollup> rollups(MonitorId id, RollupTier tier, Instant from, Instant to) {
        return service(id).isPresent() ? all.rollups(id, tier, from, to) : List.of();
    }

    /** True when {@code id} is a monitor of the underlying view that this view leaves out. */
    public boolean isHidden(MonitorId id) {
        return all.service(id).map(service -> !shown.test(service.monitor())).orElse(false);
    }
}
