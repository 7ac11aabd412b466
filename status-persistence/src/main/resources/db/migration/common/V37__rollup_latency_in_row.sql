-- Each rollup's latency histogram moves into its own row (issue #19): the 5-minute rollup write was a transaction over
-- two tables, rollup (keyed by time first) and rollup_latency (keyed by monitor first, one row per latency bucket),
-- so it rewrote pages all over the file, and a reader between or across the two statements could see a bucket whose
-- histogram and counts disagreed. Now a bucket, its counts and its histogram are one row, written by one statement.
-- V38 (per vendor) copies the stored histograms in, V39 drops rollup_latency. Shared by PostgreSQL and H2.

-- The histogram: "index:checks" per non-empty LatencyBuckets index, ascending, separated by commas ('' when the
-- bucket has no timed check); see RollupHistogramText.
alter table rollup add column latency varchar not null default '';
