-- H2: the stored histograms into their rollup rows (see common/V37). LISTAGG is H2's string aggregate.
update rollup r set latency = (
    select listagg(l.latency_bucket || ':' || l.checks, ',') within group (order by l.latency_bucket)
    from rollup_latency l
    where l.monitor = r.monitor and l.tier = r.tier and l.bucket_start = r.bucket_start)
where exists (select 1 from rollup_latency l
              where l.monitor = r.monitor and l.tier = r.tier and l.bucket_start = r.bucket_start);
