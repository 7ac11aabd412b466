-- API tokens: only the SHA-256 digest of each secret is kept (the secret is shown once, when it is made).
-- Shared by PostgreSQL and H2 (MODE=PostgreSQL): keep to syntax both accept and jOOQ's DDLDatabase can simulate.

create table api_token (
    id           varchar(32)              not null,
    name         varchar(100)             not null,
    -- TokenScope wire name.
    scope        varchar(16)              not null,
    -- SHA-256 of the secret, 64 lower-case hex digits.
    digest       varchar(64)              not null,
    created_at   timestamp with time zone not null,
    -- Updated at most once a minute per token.
    last_used_at timestamp with time zone,
    -- Null while the token is valid.
    revoked_at   timestamp with time zone,
    constraint api_token_pk primary key (id),
    constraint api_token_digest_uk unique (digest),
    constraint api_token_scope_ck check (scope in ('read', 'admin'))
);
