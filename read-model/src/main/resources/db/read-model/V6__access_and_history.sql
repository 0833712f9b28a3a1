-- Issue 4: the access read model (users, namespaces, teams, role grants, API tokens) and the history
-- of models, so that the query side answers "as of" a time from validity intervals instead of
-- replaying events. Conventions of stage_history/alias_history (V1): valid_from inclusive, valid_to
-- exclusive (null while still true), both from the events' occurred_at; from_position/to_position the
-- positions of the events that opened and closed the interval. A row is opened by INSERT ... ON
-- CONFLICT DO NOTHING on (key, from_position) and closed only while open and only by a later
-- position, so a replayed event changes nothing.

-- ---------------------------------------------------------------- access

-- Local user accounts (UserCreated). Nothing changes a user's name or display name.
create table access_user (
    username      text        primary key,
    display_name  text        not null,
    created_at    timestamptz not null,
    created_by    text        not null,
    position      bigint      not null
);

-- Periods in which an account was disabled (UserDisabled opens, UserEnabled closes).
create table user_disabled_history (
    username      text        not null,
    reason        text,
    valid_from    timestamptz not null,
    valid_to      timestamptz,
    from_position bigint      not null,
    to_position   bigint,
    primary key (username, from_position)
);
create unique index user_disabled_history_one_open on user_disabled_history (username) where to_position is null;
create index user_disabled_history_time on user_disabled_history (username, valid_from);

-- Namespaces and their teams (NamespaceCreated); "default" exists without a row.
create table access_namespace (
    namespace     text        primary key,
    description   text,
    created_at    timestamptz not null,
    created_by    text        not null,
    position      bigint      not null
);

create table team_member_history (
    namespace     text        not null,
    username      text        not null,
    valid_from    timestamptz not null,
    valid_to      timestamptz,
    from_position bigint      not null,
    to_position   bigint,
    primary key (namespace, username, from_position)
);
create unique index team_member_history_one_open on team_member_history (namespace, username) where to_position is null;
create index team_member_history_time on team_member_history (namespace, valid_from);
create index team_member_history_user on team_member_history (username, valid_from);

create table namespace_grant_history (
    namespace     text        not null,
    principal     text        not null,
    role          text        not null,
    valid_from    timestamptz not null,
    valid_to      timestamptz,
    from_position bigint      not null,
    to_position   bigint,
    primary key (namespace, principal, role, from_position),
    constraint namespace_grant_role check (role in ('viewer', 'contributor', 'reviewer', 'deployer', 'admin'))
);
create unique index namespace_grant_history_one_open on namespace_grant_history (namespace, principal, role)
    where to_position is null;
-- the grants of one principal (every authorization of the query side: the open rows)
create index namespace_grant_history_principal on namespace_grant_history (principal, valid_from);
create index namespace_grant_history_namespace on namespace_grant_history (namespace, valid_from);

create table global_grant_history (
    principal     text        not null,
    role          text        not null,
    valid_from    timestamptz not null,
    valid_to      timestamptz,
    from_position bigint      not null,
    to_position   bigint,
    primary key (principal, role, from_position),
    constraint global_grant_role check (role in ('auditor', 'admin'))
);
create unique index global_grant_history_one_open on global_grant_history (principal, role) where to_position is null;
create index global_grant_history_time on global_grant_history (valid_from);

-- API tokens: metadata only (never the secret nor its hash). Issued at issued_at, revoked at
-- revoked_at (null while not revoked), expired from expires_at (null: never).
create table api_token (
    token_id         text        primary key,
    username         text        not null,
    name             text        not null,
    expires_at       timestamptz,
    issued_at        timestamptz not null,
    issued_position  bigint      not null,
    revoked_at       timestamptz,
    revoked_by       text,
    revoked_position bigint
);
create index api_token_user on api_token (username, issued_at);

-- ---------------------------------------------------------------- model history

-- The namespace of a model name (the text before its first dot, else "default"): the listings keep
-- to the namespaces the caller may read.
alter table model add column namespace text not null
    generated always as (case when strpos(name, '.') > 0 then split_part(name, '.', 1) else 'default' end) stored;
create index model_namespace_name on model (namespace, name);

-- The model row as it stood after each of its events: a snapshot of the mutable columns of
-- "model" (description, tags, owner team, latest version, last change, deletion), valid until the
-- model's next event. "model" as of t is the row of the model with the latest valid_from <= t.
create table model_history (
    model          text        not null,
    description    text,
    owner_team     text        not null,
    tags           jsonb       not null default '{}'::jsonb,
    latest_version int         not null,
    updated_by     text        not null,
    deleted_at     timestamptz,
    deleted_by     text,
    valid_from     timestamptz not null,
    valid_to       timestamptz,
    from_position  bigint      not null,
    to_position    bigint,
    primary key (model, from_position)
);
create unique index model_history_one_open on model_history (model) where to_position is null;
-- "the latest row of a model that started at or before t": one backward index step, whatever the
-- length of the model's history
create index model_history_time on model_history (model, valid_from, from_position);

-- Same lookup for the stage of one version as of t.
create index stage_history_version_time on stage_history (model, version, valid_from, from_position);
-- What was in Production at t: a GiST index over the validity range of the Production intervals
-- only, so the lookup visits the intervals that contain t, not every Production interval ever.
create index stage_history_production_during on stage_history
    using gist (tstzrange(valid_from, valid_to, '[)')) where stage = 'Production';

-- Every alias name a model has used: aliases as of t visit these names (few) and look up each one's
-- latest interval that started at or before t, instead of scanning the model's whole alias history.
create table alias_name (
    model text not null,
    alias text not null,
    primary key (model, alias)
);
insert into alias_name (model, alias) select distinct model, alias from alias_history;
create index alias_history_alias_time on alias_history (model, alias, valid_from, from_position);
create index alias_history_version_time on alias_history (model, version, valid_from);

-- Models projected before this migration: their history starts with their current row, true from
-- its last change on (the earlier states are in the event log: a read-model rebuild replays them).
insert into model_history (model, description, owner_team, tags, latest_version, updated_by, deleted_at, deleted_by,
                           valid_from, from_position)
select name, description, owner_team, tags, latest_version, updated_by, deleted_at, deleted_by, updated_at,
       last_position
from model;
