-- The status page settings changed in the console (title, logo, links, footer): one row per overridden key; a key
-- without a row takes the configuration file's value.
create table page_setting (
    setting_key   varchar(32)   not null,
    -- The value as the console's form gives it (links: one "title | url" per line).
    setting_value varchar(8000) not null,
    constraint page_setting_pk primary key (setting_key)
);
