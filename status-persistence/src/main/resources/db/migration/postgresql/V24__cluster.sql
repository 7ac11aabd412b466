-- Cluster of Upwatch nodes on one PostgreSQL (see docs/architecture.md#cluster); PostgreSQL only: the embedded H2
-- store is single-node.
-- cluster_node: the node registry; a node is live until live_until, its last heartbeat plus its own lease time.
create table cluster_node (
    node_id      varchar(64) primary key,
    location     varchar(32) not null,
    started_at   timestamp with time zone not null,
    heartbeat_at timestamp with time zone not null,
    live_until   timestamp with time zone not null
);

-- cluster_shard: one row per location and shard of monitors; owner holds it until lease_until (database time).
-- A row whose owner is null, or whose lease lapsed, may be claimed by a conditional update (FOR UPDATE SKIP LOCKED).
create table cluster_shard (
    location    varchar(32) not null,
    shard       integer not null,
    owner       varchar(64),
    lease_until timestamp with time zone,
    primary key (location, shard)
);
create index cluster_shard_owner on cluster_shard (owner) where owner is not null;
