-- Raw samples in a compact layout (issue #4): no surrogate id, columns ordered so that PostgreSQL pads nothing
-- (8-byte, then 4-, then 2-byte columns, then the variable-length ones), the HTTP timing phases packed in one
-- nullable column, and only the indexes the reads use. PostgreSQL then turns the table into a partitioned one
-- (db/migration/postgresql/V5_1); H2 keeps this plain table and its retention deletes in chunks.
-- Shared by PostgreSQL and H2 (MODE=PostgreSQL): keep to syntax both accept and jOOQ's DDLDatabase can simulate.

create table sample_compact (
    started_at        timestamp with time zone not null,
    -- Measured latency in microseconds.
    response_time_us  bigint                   not null,
    monitor           integer                  not null,
    -- 0 = success, 1 = failure, 2 = error, 3 = blocked (see JooqSampleStore).
    outcome           smallint                 not null,
    error             varchar(1000),
    -- Condition results, length-prefixed (see ConditionResultsCodec); '' when there are none.
    condition_results varchar                  not null default '',
    -- Timing phases, packed (see PhasesCodec); null when the probe reported none.
    phases            bytea,
    constraint sample_compact_outcome_ck check (outcome in (0, 1, 2, 3)),
    constraint sample_compact_response_time_ck check (response_time_us >= 0)
);

-- Existing rows keep their order: equal start times were read in id order before, and are inserted in it here.
insert into sample_compact (started_at, response_time_us, monitor, outcome, error, condition_results)
select started_at, response_time_us, monitor, outcome, error, condition_results
from sample
order by id;

drop table sample;

alter table sample_compact rename to sample;

-- "Samples of monitor X, newest first" and "between": the only per-monitor reads.
create index sample_monitor_started_at_idx on sample (monitor, started_at);

-- Counts over a time window for all monitors, and retention on H2 (PostgreSQL replaces it, see V5_1).
create index sample_started_at_idx on sample (started_at);
