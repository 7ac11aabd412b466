-- Packed raw samples of closed hours (issue #4): one row per monitor and UTC hour, the hour's samples packed into one
-- bytea by SampleBlockCodec (delta/varint start offsets, response times, outcome, phases, and error and condition
-- texts only where present or changed). SampleMaintenance fills it from the sample table once a UTC day is over and
-- removes the packed rows in the same transaction; reads merge both tables. Shared by PostgreSQL and H2.

create table sample_block (
    -- The UTC hour the samples started in (its first instant).
    block_start       timestamp with time zone not null,
    -- Start of the first and of the last sample in the block, so that a read can skip blocks outside its range.
    first_started_at  timestamp with time zone not null,
    last_started_at   timestamp with time zone not null,
    monitor           integer                  not null,
    sample_count      integer                  not null,
    -- The samples, oldest first (see SampleBlockCodec).
    payload           bytea                    not null,
    constraint sample_block_pk primary key (monitor, block_start),
    constraint sample_block_count_ck check (sample_count > 0)
);
