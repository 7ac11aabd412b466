-- The histograms live in rollup.latency now (V37, V38): rollup_latency and its index go.
drop table rollup_latency;
