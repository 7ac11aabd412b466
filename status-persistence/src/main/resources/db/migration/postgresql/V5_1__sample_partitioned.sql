-- PostgreSQL only: raw samples in a table partitioned by UTC day, so that retention drops whole partitions instead
-- of deleting rows. Same columns, in the same order, as the plain table of common/V5 (which jOOQ is generated from).
--
-- Partitions are named sample_pYYYYMMDD and made ahead of time by the application (SamplePartitions); samples
-- outside every day partition (clock far off, or before the first maintenance run) land in sample_default, and
-- are moved into their day's partition when that is made.

create table sample_partitioned (
    started_at        timestamp with time zone not null,
    response_time_us  bigint                   not null,
    monitor           integer                  not null,
    outcome           smallint                 not null,
    error             varchar(1000),
    condition_results varchar                  not null default '',
    phases            bytea,
    constraint sample_outcome_ck check (outcome in (0, 1, 2, 3)),
    constraint sample_response_time_ck check (response_time_us >= 0)
) partition by range (started_at);

create table sample_default partition of sample_partitioned default;

insert into sample_partitioned (started_at, response_time_us, monitor, outcome, error, condition_results, phases)
select started_at, response_time_us, monitor, outcome, error, condition_results, phases
from sample;

drop table sample;

alter table sample_partitioned rename to sample;

-- Per-monitor reads. Created on the parent, so every partition gets its own.
create index sample_monitor_started_at_idx on sample (monitor, started_at);

-- Window counts: samples arrive in time order, so a BRIN index (a few pages per partition) narrows a scan to the
-- window at almost no cost per row, where a B-tree on started_at would add about 28 bytes per sample.
create index sample_started_at_brin on sample using brin (started_at);
