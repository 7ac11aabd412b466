-- Console accounts and their sessions. Only a slow hash of each password is kept (Argon2id, PHC string form), and
-- only the SHA-256 digest of each session's secret (the secret lives in the browser's cookie alone).
-- Shared by PostgreSQL and H2 (MODE=PostgreSQL): keep to syntax both accept and jOOQ's DDLDatabase can simulate.

create table console_account (
    name                varchar(64)              not null,
    -- Role wire name.
    role                varchar(16)              not null,
    password_hash       varchar(512)             not null,
    created_at          timestamp with time zone not null,
    password_changed_at timestamp with time zone not null,
    constraint console_account_pk primary key (name),
    constraint console_account_role_ck check (role in ('viewer', 'editor', 'admin'))
);

create table console_session (
    -- SHA-256 of the cookie's secret, 64 lower-case hex digits.
    digest       varchar(64)              not null,
    account      varchar(64)              not null,
    -- The synchronizer token every form of this session carries (random, 43 base64url characters).
    csrf_token   varchar(64)              not null,
    created_at   timestamp with time zone not null,
    -- Moved forward on use (at most once a minute); the session ends when it passes.
    expires_at   timestamp with time zone not null,
    -- The session ends at this time whatever its use.
    absolute_end timestamp with time zone not null,
    constraint console_session_pk primary key (digest),
    constraint console_session_account_fk foreign key (account) references console_account (name) on delete cascade
);

create index console_session_account_ix on console_session (account);
