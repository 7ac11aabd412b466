-- Monitors created through the admin API (monitors of the configuration file are never stored here).
-- The definition is the JSON document the API accepted, with the same keys as a monitor in the configuration file;
-- it is validated again when loaded. Samples and incidents refer to monitors by id only, so deleting a definition
-- keeps its history, and a definition created again with the same id finds it.

create table managed_monitor (
    id         varchar(64)              not null,
    definition varchar                  not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    constraint managed_monitor_pk primary key (id),
    constraint managed_monitor_period_ck check (updated_at >= created_at)
);
