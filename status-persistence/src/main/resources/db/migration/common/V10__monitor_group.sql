-- Display groups created through the admin API: their place on the status page and how they show. Monitors name
-- their group (the "group" key of a definition or of the configuration file); a group that monitors name but that
-- has no row here shows with the defaults, so this table never has to list every group.

create table monitor_group (
    name        varchar(100) not null,
    page_position integer    not null,
    description varchar(500) not null,
    collapsed   boolean      not null,
    constraint monitor_group_pk primary key (name),
    constraint monitor_group_position_ck check (page_position >= 0)
);
