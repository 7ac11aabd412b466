-- The location that took each check, in a cluster (a node's location or a remote agent's): the service page draws a
-- response-time series per location and GET /api/v1/services/{id}/samples filters by it. Null for a process alone and
-- for every sample written before. Nullable with no default, so adding it rewrites no row (PostgreSQL adds it to every
-- partition of the partitioned table). Packed days (sample_block) do not keep it.
-- Shared by PostgreSQL and H2.
alter table sample add column location varchar(32);
