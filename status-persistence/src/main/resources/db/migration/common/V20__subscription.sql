-- Confirmed subscriptions of readers to a status page (issue #22). A request waiting for its confirmation is not
-- stored: it is the signed link sent to the address. One row per page, kind and address; a second confirmation
-- replaces the services. services: the chosen monitor ids separated by commas (ids hold no comma); null = whole page.

create table subscription (
    id           varchar(21)              not null,
    page         varchar(64)              not null,
    kind         varchar(16)              not null,
    address      varchar(2048)            not null,
    secret       varchar(200),
    services     varchar(16000),
    confirmed_at timestamp with time zone not null,
    constraint subscription_pk primary key (id),
    constraint subscription_address_uk unique (page, kind, address),
    constraint subscription_kind_ck check (kind in ('email', 'webhook'))
);
