package dev.upwatch.core.service;

import dev.upwatch.core.model.ClusterNode;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.NodeId;
import dev.upwatch.core.port.CheckAssignment;
import dev.upwatch.core.port.ClusterStore;
import dev.upwatch.core.rule.FairShare;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * This node's share of its location's monitors: leases on shards of monitors ({@link FairShare}) held in the
 * {@link ClusterStore}, renewed every quarter of the lease time together with the node's heartbeat. Each round takes
 * free or lapsed shards up to the node's fair share of its location's live nodes and gives up those above it, so a
 * joining node gets its share and a stopped node's shards go to the others once its leases lapse.
 *
 * <p>A node checks a monitor only while it holds the monitor's shard and the lease is valid by its own monotonic
 * clock, counted from the start of the round that last renewed it (never later than the store's own expiry): a node
 * cut from the database stops checking before another node may take its shards over. So a check runs twice in one
 * slot only around a hand-over.
 */
public final class ShardLeases implements CheckAssignment, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShardLeases.class.getName());
    /** Shards per location: with 3 nodes, shares of 43/43/42; a shard row per location and shard in the store. */
    public static final int SHARDS = 128;

    private final ClusterStore store;
    private final NodeId self;
    private final Location location;
    private final Duration lease;
    private final LongSupplier ticks;
    private volatile Held held = new Held(Set.of(), Long.MIN_VALUE, false);
    private volatile List<ClusterNode> nodes = List.of();
    private volatile ScheduledFuture<?> renewal;
    private final java.util.concurrent.atomic.AtomicLong renewals = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong renewalFailures = new java.util.concurrent.atomic.AtomicLong();

    /** The shards held and until when, in {@link #ticks} nanoseconds; {@code valid} false before the first round. */
    private record Held(Set<Integer> shards, long untilNanos, boolean valid) {
    }

    /**
     * @param store    the registry and leases
     * @param self     this node
     * @param location where this node checks from
     * @param lease    how long a lease lasts without renewal (renewed every quarter of it)
     * @param ticks    a monotonic clock in nanoseconds ({@code System::nanoTime}; tests advance their own)
     */
    public ShardLeases(ClusterStore store, NodeId self, Location location, Duration lease, LongSupplier ticks) {
        this.store = Objects.requireNonNull(store, "store");
        this.self = Objects.requireNonNull(self, "self");
        this.location = Objects.requireNonNull(location, "location");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.ticks = Objects.requireNonNull(ticks, "ticks");
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("lease must be at least 1s, got " + lease);
        }
    }

    /** How often the leases and the heartbeat are renewed: a quarter of the lease time. */
    public Duration renewEvery() {
        return lease.dividedBy(4);
    }

    /**
     * Joins the cluster, takes a first share (so the first checks go to the right node) and renews every
     * {@link #renewEvery()} on {@code executor} until {@link #close()}.
     */
    public void start(ScheduledExecutorService executor) {
        join();
        long every = renewEvery().toNanos();
        renewal = executor.scheduleWithFixedDelay(this::round, every, every, TimeUnit.NANOSECONDS);
    }

    /** Registers this node and takes its first share; {@link #start} then keeps renewing. */
    public void join() {
        store.join(self, location, SHARDS);
        round();
    }

    /**
     * One renewal: heartbeat, renew the held leases, give up shards above the fair share or claim free ones up to it.
     * A store failure keeps what is held until its lease runs out locally.
     */
    public void round() {
        long started = ticks.getAsLong();
        try {
            List<ClusterNode> seen = store.heartbeat(self, location, lease);
            nodes = seen;
            int target = FairShare.target(SHARDS, seen.stream().filter(n -> n.location().equals(location))
                    .map(ClusterNode::id).toList(), self);
            Set<Integer> renewed = new TreeSet<>(store.renew(self, location, lease));
            if (renewed.size() > target) {
                Set<Integer> excess = new HashSet<>();
                renewed.stream().sorted(java.util.Comparator.reverseOrder()).limit(renewed.size() - target)
                        .forEach(excess::add);
                renewed.removeAll(excess);
                held = new Held(Set.copyOf(renewed), started + lease.toNanos(), true); // stop checking them first
                store.release(self, location, excess);
            } else if (renewed.size() < target) {
                renewed.addAll(store.claim(self, location, target - renewed.size(), lease));
            }
            held = new Held(Set.copyOf(renewed), started + lease.toNanos(), true);
            renewals.incrementAndGet();
        } catch (RuntimeException e) {
            renewalFailures.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "cannot renew the cluster leases of node " + self
                    + "; its checks stop when they lapse: " + e.getMessage());
        }
    }

    @Override
    public boolean checksNow(Monitor monitor) {
        if (!monitor.placement().includes(location)) {
            return false;
        }
        Held now = held;
        return now.valid && ticks.getAsLong() - now.untilNanos < 0
                && now.shards.contains(FairShare.shardOf(monitor.id(), SHARDS));
    }

    /** The shards this node holds a valid lease on now. */
    public Set<Integer> shards() {
        Held now = held;
        return now.valid && ticks.getAsLong() - now.untilNanos < 0 ? now.shards : Set.of();
    }

    /** Rounds that renewed the heartbeat and the leases since start. */
    public long renewals() {
        return renewals.get();
    }

    /** Rounds that failed (the store could not be reached or refused) since start. */
    public long renewalFailures() {
        return renewalFailures.get();
    }

    /** The live nodes of every location as of the last round. */
    public List<ClusterNode> nodes() {
        return nodes;
    }

    /** This node's id. */
    public NodeId self() {
        return self;
    }

    /** This node's location. */
    public Location location() {
        return location;
    }

    /** Stops renewing and leaves the cluster, giving up every lease so the other nodes take over at once. */
    @Override
    public void close() {
        ScheduledFuture<?> planned = renewal;
        if (planned != null) {
            planned.cancel(false);
        }
        held = new Held(Set.of(), Long.MIN_VALUE, false);
        try {
            store.leave(self, location);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot leave the cluster cleanly; leases of node " + self
                    + " lapse on their own: " + e.getMessage());
        }
    }
}
