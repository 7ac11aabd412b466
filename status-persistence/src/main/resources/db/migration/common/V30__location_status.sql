-- Each location's verdict on a monitor in a cluster (TransitionStore.report): the thresholds applied to that
-- location's own checks. A location's checker writes its row and, in the same transaction with the monitor's
-- monitor_status row locked (select ... for update), decides the monitor's status by quorum of these rows: so
-- concurrent locations serialize on that row and exactly one transaction decides each change.
-- A row whose checked_at is older than 3 intervals plus the lease no longer counts (its location stopped checking).
-- Shared by PostgreSQL and H2 (the embedded store is single-node and writes none; the schema stays one).
create table location_status (
    monitor       varchar(64)              not null,
    location      varchar(32)              not null,
    status        varchar(16)              not null,
    -- When the check that decided the location's status started.
    since         timestamp with time zone not null,
    -- When the location's latest check started.
    checked_at    timestamp with time zone not null,
    -- The latest check's response time, in microseconds.
    response_us   bigint                   not null,
    -- Why the location does not see the monitor up; empty when up.
    reason        varchar(1000)            not null,
    constraint location_status_pk primary key (monitor, location),
    constraint location_status_status_ck check (status in ('up', 'maintenance', 'unknown', 'degraded', 'down'))
);
