-- Issue 5, part 1: experiment tracking (events.tracking). Experiments and runs with their params,
-- tags, metrics (latest value per key and the full history), dataset inputs and artifacts. Every write
-- is idempotent: rows created by one event are keyed by natural keys or the event's position (ON
-- CONFLICT DO NOTHING); rows changed by later events (experiment, run, run_tag, run_artifact,
-- run_latest_metric) only by a newer position or a better metric point. Metric values are double
-- precision so NaN and +/-Infinity are stored as they were logged; PostgreSQL orders NaN above every
-- number (and +Infinity), which is the order the API promises ("NaN sorts after every number").

create table experiment (
    experiment_id text        not null primary key,
    namespace     text        not null,
    name          text        not null,
    description   text,
    tags          jsonb       not null default '{}',
    created_at    timestamptz not null,
    created_by    text        not null,
    updated_at    timestamptz not null,
    deleted_at    timestamptz,
    last_position bigint      not null
);
-- listings per namespace by name; the command side guarantees the name's uniqueness
create index experiment_namespace_name on experiment (namespace, name);

create table run (
    run_id            text        not null primary key,
    experiment_id     text        not null,
    namespace         text        not null,
    name              text,
    status            text        not null,
    start_time        timestamptz not null,
    end_time          timestamptz,
    code_commit       text,
    framework         text,
    framework_version text,
    environment       jsonb,      -- {runtime, runtime_version, packages, container_image_digest, host}
    created_by        text        not null,
    deleted_at        timestamptz,
    last_position     bigint      not null
);
-- runs of an experiment by status and start time (listings, newest first)
create index run_experiment_status_time on run (experiment_id, status, start_time desc, run_id);
create index run_experiment_time on run (experiment_id, start_time desc, run_id);

-- immutable once logged (the command side refuses another value): the first value stays
create table run_param (
    run_id text not null,
    key    text not null,
    value  text not null,
    primary key (run_id, key)
);

-- the last value per key holds (tags may be overwritten)
create table run_tag (
    run_id   text   not null,
    key      text   not null,
    value    text   not null,
    position bigint not null,
    primary key (run_id, key)
);

-- every logged point; (position, ordinal) is the point's place in its RunDataLogged event
create table run_metric (
    run_id    text             not null,
    key       text             not null,
    step      bigint           not null,
    timestamp timestamptz      not null,
    value     double precision not null,
    position  bigint           not null,
    ordinal   int              not null,
    primary key (run_id, position, ordinal)
);
create index run_metric_history on run_metric (run_id, key, step, timestamp);

-- MLflow's latest metric: the point with the highest step, then timestamp, then value
create table run_latest_metric (
    run_id    text             not null,
    key       text             not null,
    value     double precision not null,
    step      bigint           not null,
    timestamp timestamptz      not null,
    primary key (run_id, key)
);
-- min_<metric>= and order_by=metrics.<key>: runs by their latest value of a key
create index run_latest_metric_key_value on run_latest_metric (key, value, run_id);

create table run_input (
    run_id  text   not null,
    name    text   not null,
    sha256  text   not null,
    context text   not null default '',  -- '' when none was given
    source  text,
    position bigint not null,
    primary key (run_id, name, sha256, context)
);
-- lineage: the runs that consumed a dataset
create index run_input_sha256 on run_input (sha256);

-- the run's own files (paths of the run), a later event may replace a path's file
create table run_artifact (
    run_id   text   not null,
    path     text   not null,
    sha256   text   not null,
    size     bigint,
    position bigint not null,
    primary key (run_id, path)
);
