-- Experiment tracking on the command side (kept by the subscribing processor tracking-state in the
-- transaction of the command that produced the events): which namespace an experiment or a run belongs
-- to, read by the handlers to authorize before anything is sent, and the uniqueness of experiment names
-- within a namespace (a constraint, never count-then-insert). A deleted experiment frees its name.
create table tracking_experiment (
    experiment_id text    not null primary key,
    namespace     text    not null,
    name          text    not null,
    deleted       boolean not null default false
);

create unique index tracking_experiment_name on tracking_experiment (namespace, name) where not deleted;

create table tracking_run (
    run_id        text not null primary key,
    experiment_id text not null references tracking_experiment (experiment_id),
    namespace     text not null
);

-- A run's artifacts keep their blobs from the collector as a version's files do (artifact_reference):
-- inserted by the artifact-catalog processor after locking the blob rows FOR KEY SHARE, released when the
-- run is deleted; the foreign key refuses a reference to a blob that is not held.
create table run_artifact_reference (
    run_id text    not null,
    sha256 text    not null,
    held   boolean not null default true check (held),
    primary key (run_id, sha256),
    foreign key (sha256, held) references artifact_blob (sha256, held)
);

create index run_artifact_reference_sha256 on run_artifact_reference (sha256);
