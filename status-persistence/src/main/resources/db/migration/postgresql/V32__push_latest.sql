-- The latest push of each push (heartbeat) monitor, shared by the nodes of a cluster (see docs/cluster.md): the node
-- whose API received the push writes it here and notifies channel upwatch_push with the monitor id, and the node that
-- checks the monitor reads it, so a push reaches the checker whichever node it was sent to. PostgreSQL only.
create table push_latest (
    monitor     varchar(64) primary key,
    received_at timestamp with time zone not null,
    up          boolean not null,
    message     varchar
);
