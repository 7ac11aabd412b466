-- Rollups: per-monitor check counts per UTC minute, hour and day, kept up to date as checks arrive (additive
-- upserts, see JooqRollupStore) so that uptime, the daily bars and the series never scan raw samples.
-- Definitions of every column: docs/storage.md, "Tiers and rollups".

create table rollup (
    monitor         integer                  not null,
    -- 0 = minute, 1 = hour, 2 = day (see JooqRollupStore).
    tier            smallint                 not null,
    -- First instant of the bucket, aligned to the tier in UTC.
    bucket_start    timestamp with time zone not null,
    checks          bigint                   not null,
    failures        bigint                   not null,
    errors          bigint                   not null,
    maintenance     bigint                   not null,
    degraded        bigint                   not null,
    -- Milliseconds of the bucket the monitor's status was DOWN.
    down_ms         bigint                   not null,
    -- Response times of the non-error checks, in microseconds.
    response_min_us bigint                   not null,
    response_max_us bigint                   not null,
    response_sum_us bigint                   not null,
    -- Leads with the time so that "every monitor over a window" reads one contiguous key range per tier.
    constraint rollup_pk primary key (tier, bucket_start, monitor),
    constraint rollup_monitor_fk foreign key (monitor) references monitor (id),
    constraint rollup_tier_ck check (tier in (0, 1, 2)),
    constraint rollup_counts_ck check (checks >= 0 and failures >= 0 and errors >= 0 and maintenance >= 0
        and degraded >= 0 and down_ms >= 0)
);

-- "One monitor's series at one tier".
create index rollup_monitor_idx on rollup (monitor, tier, bucket_start);

-- The latency histogram of each rollup: non-error checks per fixed bucket (LatencyBuckets); zero counts absent.
create table rollup_latency (
    monitor        integer                  not null,
    tier           smallint                 not null,
    bucket_start   timestamp with time zone not null,
    -- Index into the fixed layout of dev.upwatch.core.rule.LatencyBuckets (0..141).
    latency_bucket smallint                 not null,
    checks         bigint                   not null,
    constraint rollup_latency_pk primary key (monitor, tier, bucket_start, latency_bucket),
    constraint rollup_latency_monitor_fk foreign key (monitor) references monitor (id),
    constraint rollup_latency_checks_ck check (checks >= 0)
);

-- Retention deletes by tier and age.
create index rollup_latency_tier_idx on rollup_latency (tier, bucket_start);
