-- Remote agents: each agent token's location, and the high-water mark of the results taken in from it, so that a
-- batch delivered again (its answer was lost, or it reached another node) is counted once.
create table agent (
    -- The agent's API token (scope 'agent'); one agent per token.
    token_id      varchar(32)              not null,
    location      varchar(32)              not null,
    -- The highest result sequence number taken in; 0 before the first.
    last_sequence bigint                   not null default 0,
    -- When it last fetched its assignment or delivered results; null before its first contact.
    last_contact  timestamp with time zone,
    constraint agent_pk primary key (token_id),
    constraint agent_token_fk foreign key (token_id) references api_token (id) on delete cascade
);
