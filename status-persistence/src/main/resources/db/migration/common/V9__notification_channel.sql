-- Notification channels created through the admin API (channels of the configuration file are never stored here).
-- The definition is the JSON document the API accepted, with the same keys as an item of the configuration file's
-- notifications list, secrets included (as the file holds them); it is validated again when loaded.

create table notification_channel (
    id         varchar(64)              not null,
    definition varchar                  not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    constraint notification_channel_pk primary key (id),
    constraint notification_channel_period_ck check (updated_at >= created_at)
);
