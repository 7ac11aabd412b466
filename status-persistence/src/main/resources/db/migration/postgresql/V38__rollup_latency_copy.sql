-- PostgreSQL: the stored histograms into their rollup rows (see common/V37), one pass over rollup_latency.
update rollup r set latency = l.histogram
from (select monitor, tier, bucket_start,
             string_agg(latency_bucket || ':' || checks, ',' order by latency_bucket) as histogram
      from rollup_latency
      group by monitor, tier, bucket_start) l
where r.monitor = l.monitor and r.tier = l.tier and r.bucket_start = l.bucket_start;
