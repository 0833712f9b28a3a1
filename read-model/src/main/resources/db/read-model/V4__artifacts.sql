-- The content-addressed artifact store (issue 3).
--
-- Since VersionRegistered schema version 2 a version carries a manifest of files (path, digest,
-- size); artifact_sha256 is the digest of the manifest document and artifact_uri the optional URI
-- the client said the files came from.
alter table model_version alter column artifact_uri drop not null;

-- The files of a version, from VersionRegistered.files. Like the version's other registration rows
-- (version_dataset, version_parent) they stay when the version or its model is deleted: the version
-- is a tombstone, its manifest part of its history. Downloads look a path up here by exact string
-- equality; a path is never a file-system name.
create table version_file (
    model   text   not null,
    version int    not null,
    path    text   not null,
    sha256  text   not null,
    -- null for versions registered before the artifact store (schema version 1)
    size    bigint,
    primary key (model, version, path),
    foreign key (model, version) references model_version (model, version)
);
-- "which versions contain this blob" (garbage collection reports, the query side)
create index version_file_sha256 on version_file (sha256);

-- One row per blob the registry has held, from the ArtifactEvent family; kept forever (a deleted
-- blob's metadata stays). The row of a blob is created by its first artifact event (normally
-- ArtifactStored); stored_at and uploader are null until an ArtifactStored has been applied.
create table artifact (
    sha256          text        primary key,
    size            bigint      not null,
    media_type      text,
    -- the client's name for the upload: metadata only, never a file name in the store
    file_name       text,
    state           text        not null,
    -- null: the backend's default class (the local store has none)
    storage_class   text,
    stored_at       timestamptz,
    uploader        text,
    -- the last ArtifactCorruptionDetected since the blob was last stored
    corrupted_at    timestamptz,
    observed_sha256 text,
    observed_size   bigint,
    detected_by     text,
    -- the ArtifactDeleted since the blob was last stored
    deleted_at      timestamptz,
    deleted_reason  text,
    updated_at      timestamptz not null,
    updated_by      text        not null,
    -- position of the last event applied to the row: guards every update (replays change nothing)
    last_position   bigint      not null,
    constraint artifact_state check (state in ('stored', 'corrupted', 'deleted'))
);
create index artifact_state on artifact (state) where state <> 'stored';

-- The audit log holds every published event, not only those of models. subject is the event's
-- CloudEvents subject (and Kafka key): the model name for model events, sha256:<digest> for artifact
-- events; model is null for artifact events.
alter table audit_log add column subject text;
update audit_log set subject = model;
alter table audit_log alter column subject set not null;
alter table audit_log alter column model drop not null;
create index audit_log_subject on audit_log (subject, position);
