package dev.upwatch.web.cluster;

import dev.upwatch.core.port.PushExchange;
import dev.upwatch.core.probe.PushInbox;
import dev.upwatch.core.model.ClusterNode;
import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.CheckAssignment;
import dev.upwatch.core.port.CommittedStatusFeed;
import dev.upwatch.core.port.PageSettingFeed;
import dev.upwatch.core.service.ShardLeases;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * This process's place in a cluster, if it is a node of one: its {@link ShardLeases}, renewed on a thread of their
 * own ({@code upwatch-cluster}) from {@link #start()} until {@link #close()}. Alone, it assigns every monitor.
 */
public final class ClusterMembership implements AutoCloseable {
    private final Optional<ShardLeases> leases;
    private final Optional<CommittedStatusFeed> feed;
    private final Runnable changedHere;
    private final Optional<PushExchange> pushes;
    private final Optional<PageSettingFeed> pageFeed;
    private final Runnable reloadPage;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("upwatch-cluster").daemon(true).factory());

    /** A process that runs alone. */
    public ClusterMembership() {
        this(Optional.empty(), Optional.empty(), () -> { });
    }

    /**
     * @param leases      this node's leases; empty for a process that runs alone
     * @param feed        the statuses the nodes commit (a node adopts those of monitors it does not check)
     * @param changedHere told after this node adopted another node's changes (wakes the live pages)
     */
    public ClusterMembership(Optional<ShardLeases> leases, Optional<CommittedStatusFeed> feed, Runnable changedHere) {
        this(leases, feed, changedHere, Optional.empty());
    }

    /** The same, sharing the pushes of push monitors with the other nodes through {@code pushes}. */
    public ClusterMembership(Optional<ShardLeases> leases, Optional<CommittedStatusFeed> feed, Runnable changedHere,
                             Optional<PushExchange> pushes) {
        this(leases, feed, changedHere, pushes, Optional.empty(), () -> { });
    }

    /**
     * The same, reading the page settings again ({@code reloadPage}) whenever {@code pageFeed} tells that a node
     * stored them.
     */
    public ClusterMembership(Optional<ShardLeases> leases, Optional<CommittedStatusFeed> feed, Runnable changedHere,
                             Optional<PushExchange> pushes, Optional<PageSettingFeed> pageFeed, Runnable reloadPage) {
        this.pageFeed = Objects.requireNonNull(pageFeed, "pageFeed");
        this.reloadPage = Objects.requireNonNull(reloadPage, "reloadPage");
        this.pushes = Objects.requireNonNull(pushes, "pushes");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.changedHere = Objects.requireNonNull(changedHere, "changedHere");
    }

    /** Which monitors this process checks now. */
    public CheckAssignment assignment() {
        return leases.<CheckAssignment>map(l -> l).orElse(CheckAssignment.ALL);
    }

    /** This node's leases, when it is a node of a cluster. */
    public Optional<ShardLeases> leases() {
        return leases;
    }

    /** The live nodes as of the last renewal; none when this process runs alone. */
    public List<ClusterNode> nodes() {
        return leases.map(ShardLeases::nodes).orElse(List.of());
    }

    /** Joins the cluster and takes a first share before any check is planned; then renews in the background. */
    public void start() {
        leases.ifPresent(l -> l.start(renewals));
    }

    /**
     * Follows the statuses other nodes commit: each goes to {@code adopt} (the engine, which keeps those of monitors
     * this node does not check), and the live pages are woken when one changed something here. Also follows the page
     * settings any node stores, so an open page here shows them without a restart.
     */
    public void follow(Function<List<CommittedStatus>, List<MonitorId>> adopt) {
        Objects.requireNonNull(adopt, "adopt");
        pageFeed.ifPresent(f -> f.start(reloadPage));
        feed.ifPresent(f -> f.start(statuses -> {
            if (!adopt.apply(statuses).isEmpty()) {
                changedHere.run();
            }
        }));
    }

    /**
     * Shares the pushes {@code inbox} receives with the other nodes, and theirs with it, so a push sent to any node
     * reaches the node that checks its monitor; alone, nothing. Call once, after the engine started.
     */
    public void sharePushes(PushInbox inbox) {
        Objects.requireNonNull(inbox, "inbox");
        pushes.ifPresent(inbox::share);
    }

    /** Leaves the cluster: every lease given up, so the other nodes take this node's monitors at once. */
    @Override
    public void close() {
        feed.ifPresent(CommittedStatusFeed::close);
        pageFeed.ifPresent(PageSettingFeed::close);
        pushes.ifPresent(PushExchange::close);
        renewals.shutdownNow();
        leases.ifPresent(ShardLeases::close);
    }
}
