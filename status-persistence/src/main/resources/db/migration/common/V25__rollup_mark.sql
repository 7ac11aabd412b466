-- How far each monitor's rollups go (issue #19): the rollups hold every check of the monitor that started at or before
-- checked_through, and none after it. Written in the same transaction as the rollups it describes, which are now kept
-- in memory and written in rare large batches; after a crash a restart adds the raw samples started after it to the
-- rollups, so that no check is lost or counted twice. Shared by PostgreSQL and H2 (MODE=PostgreSQL).

create table rollup_mark (
    monitor         integer                  not null,
    -- Start of the newest check the rollups hold, to the microsecond.
    checked_through timestamp with time zone not null,
    -- The status that check left the monitor in (the lower-case wire names of the core's Status).
    status          varchar(16)              not null,
    constraint rollup_mark_pk primary key (monitor),
    constraint rollup_mark_monitor_fk foreign key (monitor) references monitor (id),
    constraint rollup_mark_status_ck check (status in ('up', 'maintenance', 'unknown', 'degraded', 'down'))
);
