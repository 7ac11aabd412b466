-- Maintenance windows created through the admin API (windows of the configuration file are never stored here).
-- The definition is the JSON document the API accepted, with the same keys as an item of the configuration file's
-- maintenance list; it is validated again when loaded.

create table maintenance_window (
    id         varchar(64)              not null,
    definition varchar                  not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    constraint maintenance_window_pk primary key (id),
    constraint maintenance_window_period_ck check (updated_at >= created_at)
);
