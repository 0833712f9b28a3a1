-- Read models of the model registry. Written only by the projections, read only by the query
-- service. Everything here can be dropped and rebuilt from the Kafka topic registry.events.

-- Per projector and Kafka partition: the last offset and global position applied. Updated in the
-- same transaction as the rows it covers; the projectors seek to these offsets on start.
create table projection_progress (
    projector       text        not null,
    kafka_partition int         not null,
    kafka_offset    bigint      not null,
    position        bigint      not null,
    -- true when the consumer saw no lag on this partition at its last poll (read-your-writes
    -- treats such a partition as having reached every position)
    caught_up       boolean     not null default false,
    updated_at      timestamptz not null,
    primary key (projector, kafka_partition)
);

create table model (
    name           text        primary key,
    description    text,
    owner_team     text        not null,
    tags           jsonb       not null default '{}'::jsonb,
    latest_version int         not null default 0,
    created_at     timestamptz not null,
    created_by     text        not null,
    updated_at     timestamptz not null,
    updated_by     text        not null,
    deleted_at     timestamptz,
    deleted_by     text,
    last_position  bigint      not null
);

create table model_version (
    model              text        not null references model (name),
    version            int         not null,
    artifact_uri       text        not null,
    artifact_sha256    text        not null,
    framework          text,
    framework_version  text,
    params             jsonb       not null default '{}'::jsonb,
    metrics            jsonb       not null default '{}'::jsonb,
    description        text,
    tags               jsonb       not null default '{}'::jsonb,
    code_commit        text,
    feature_graph_hash text,
    data_from          timestamptz,
    data_to            timestamptz,
    run_id             text,
    lineage_hash       text        not null,
    stage              text        not null,
    stage_changed_at   timestamptz not null,
    created_at         timestamptz not null,
    created_by         text        not null,
    deleted_at         timestamptz,
    deleted_by         text,
    last_position      bigint      not null,
    primary key (model, version),
    constraint model_version_stage check (stage in ('None', 'Staging', 'Production', 'Archived'))
);
create index model_version_live_stage on model_version (model, stage) where deleted_at is null;
create index model_version_lineage_hash on model_version (lineage_hash);

create table version_dataset (
    model   text not null,
    version int  not null,
    ordinal int  not null,
    name    text not null,
    sha256  text not null,
    primary key (model, version, ordinal),
    foreign key (model, version) references model_version (model, version)
);
create index version_dataset_sha256 on version_dataset (sha256);

create table version_parent (
    model          text not null,
    version        int  not null,
    parent_model   text not null,
    parent_version int  not null,
    primary key (model, version, parent_model, parent_version),
    foreign key (model, version) references model_version (model, version)
);
create index version_parent_parent on version_parent (parent_model, parent_version);

-- Validity intervals: a row is true from valid_from (inclusive) until valid_to (exclusive; null
-- while still true). The basis of point-in-time ("as of") queries.
create table stage_history (
    model         text        not null,
    version       int         not null,
    stage         text        not null,
    valid_from    timestamptz not null,
    valid_to      timestamptz,
    from_position bigint      not null,
    to_position   bigint,
    primary key (model, version, from_position)
);
create unique index stage_history_one_open on stage_history (model, version) where to_position is null;
create index stage_history_stage_time on stage_history (stage, valid_from, valid_to);

create table alias_history (
    model         text        not null,
    alias         text        not null,
    version       int         not null,
    valid_from    timestamptz not null,
    valid_to      timestamptz,
    from_position bigint      not null,
    to_position   bigint,
    primary key (model, alias, from_position)
);
create unique index alias_history_one_open on alias_history (model, alias) where to_position is null;
create index alias_history_version on alias_history (model, version);

-- Every event, oldest first by position. event_id is unique: it is how a projector recognises an
-- event the publisher sent twice.
create table audit_log (
    position       bigint      primary key,
    event_id       uuid        not null unique,
    event_type     text        not null,
    schema_version int         not null,
    model          text        not null,
    version        int,
    actor          text        not null,
    correlation_id text,
    reason         text,
    occurred_at    timestamptz not null,
    payload        jsonb       not null,
    before_state   jsonb,
    after_state    jsonb
);
create index audit_log_model on audit_log (model, position);
create index audit_log_actor on audit_log (actor, position);
create index audit_log_type on audit_log (event_type, position);
create index audit_log_time on audit_log (occurred_at);
