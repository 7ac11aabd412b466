-- Incidents: automatic ones derived from status changes (see IncidentService), and any written by people.
-- Shared by PostgreSQL and H2 (MODE=PostgreSQL): keep to syntax both accept and jOOQ's DDLDatabase can simulate.
-- Codes are the lower-case wire names of the core's enums (Incident.Kind, Status, IncidentState).

create table incident (
    id          varchar(64)              not null,
    kind        varchar(16)              not null,
    title       varchar                  not null,
    -- The worst status it caused or announces.
    impact      varchar(16)              not null,
    started_at  timestamp with time zone not null,
    -- Null while the incident is active.
    resolved_at timestamp with time zone,
    constraint incident_pk primary key (id),
    constraint incident_kind_ck check (kind in ('automatic', 'manual', 'maintenance')),
    constraint incident_impact_ck check (impact in ('up', 'maintenance', 'unknown', 'degraded', 'down')),
    constraint incident_period_ck check (resolved_at is null or resolved_at >= started_at)
);

-- History by time, and "active" (resolved_at is null).
create index incident_started_at_idx on incident (started_at);
create index incident_resolved_at_idx on incident (resolved_at);

-- The affected monitors, by monitor id, in the incident's order.
create table incident_service (
    incident varchar(64) not null,
    seq      smallint    not null,
    monitor  varchar(64) not null,
    constraint incident_service_pk primary key (incident, seq),
    constraint incident_service_incident_fk foreign key (incident) references incident (id) on delete cascade
);

-- "Incidents of monitor X".
create index incident_service_monitor_idx on incident_service (monitor, incident);

-- The timeline, oldest first by seq.
create table incident_update (
    incident  varchar(64)              not null,
    seq       integer                  not null,
    posted_at timestamp with time zone not null,
    state     varchar(16)              not null,
    message   varchar                  not null,
    constraint incident_update_pk primary key (incident, seq),
    constraint incident_update_incident_fk foreign key (incident) references incident (id) on delete cascade,
    constraint incident_update_state_ck check (state in ('investigating', 'identified', 'monitoring', 'resolved'))
);
