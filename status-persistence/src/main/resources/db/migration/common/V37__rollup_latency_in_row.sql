-- Each rollup's latency histogram moves into its own row (issue #19): the 5-minute rollup write was a transaction over
-- two tables, rollup (keyed by time first) and rollup_latency (keyed by monitor first, one row per latency bucket),
-- so it rewrote pages all over the file, and a bucket's counts and histogram were two writes that a reader could see
-- apart. Now a bucket, its counts and its histogram are one row, written by one statement. Shared by PostgreSQL and H2
-- (both run string_agg with ORDER BY and UPDATE … FROM; H2 in its PostgreSQL mode).

-- The histogram: "index:checks" per non-empty LatencyBuckets index, ascending, separated by commas ('' when the
-- bucket has no timed check); see RollupHistogramText.
alter table rollup add column latency varchar not null default '';

-- [jooq ignore start]
update rollup r set latency = l.histogram
from (select monitor, tier, bucket_start,
             string_agg(latency_bucket || ':' || checks, ',' order by latency_bucket) as histogram
      from rollup_latency
      group by monitor, tier, bucket_start) l
where r.monitor = l.monitor and r.tier = l.tier and r.bucket_start = l.bucket_start;
-- [jooq ignore stop]

drop table rollup_latency;
