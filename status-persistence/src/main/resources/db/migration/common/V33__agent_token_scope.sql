-- Remote agents (issue #20): an API token may have scope 'agent', which grants nothing but the agent's own routes.
alter table api_token drop constraint api_token_scope_ck;
alter table api_token add constraint api_token_scope_ck check (scope in ('read', 'admin', 'agent'));
