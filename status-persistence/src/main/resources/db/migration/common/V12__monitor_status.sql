-- The last committed status of each monitor (TransitionStore). It is written in the same transaction as the
-- incident change and the notification outbox rows the status change causes, so that after a crash a change is
-- stored with all its consequences or not at all; a restart restores each monitor from this row and replays only
-- the samples after `since`.
-- Shared by PostgreSQL and H2 (MODE=PostgreSQL). Codes are the lower-case wire names of the core's Status.

create table monitor_status (
    -- The monitor id (not the integer key of `monitor`: a status is committed before the first sample is written).
    monitor varchar(64)              not null,
    status  varchar(16)              not null,
    -- When the check that decided it started.
    since   timestamp with time zone not null,
    constraint monitor_status_pk primary key (monitor),
    constraint monitor_status_status_ck check (status in ('up', 'maintenance', 'unknown', 'degraded', 'down'))
);
