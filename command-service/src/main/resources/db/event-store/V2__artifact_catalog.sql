-- The command side's catalog of the artifact store, next to the event store so that it is written in
-- the same transaction as the events it follows (a subscribing event processor). It answers "is this
-- digest held?" for version registration, guards references against the garbage collector (foreign
-- key), and finds what the collector and the tiering may act on. The query side has its own read
-- model; nothing outside command-service reads these tables.

-- One row per digest ever stored; rows stay after deletion (state 'deleted'), as the events do.
create table artifact_blob (
    sha256        text        not null primary key check (sha256 ~ '^[0-9a-f]{64}$'),
    size          bigint      not null check (size >= 0),
    media_type    text        not null,
    file_name     text,
    state         text        not null check (state in ('stored', 'corrupted', 'deleted')),
    -- true while the bytes are held (stored or corrupted); references point at (sha256, true), so a
    -- reference to a deleted blob cannot be inserted and a referenced blob cannot be marked deleted
    held          boolean     generated always as (state <> 'deleted') stored,
    -- the backend's storage class after a recorded change; null = the backend's default
    storage_class text,
    -- time of the last ArtifactStored (the current bytes)
    stored_at     timestamptz not null,
    -- last time an upload or manifest delivered these bytes (an upload of held bytes records no event
    -- but restarts the grace period, so the client can still reference what it just uploaded)
    touched_at    timestamptz not null,
    -- when the last reference was removed (null: never referenced, or referenced since)
    released_at   timestamptz,
    corrupted_at  timestamptz,
    deleted_at    timestamptz,
    unique (sha256, held)
);

-- Which live versions use which blobs: every file of a version and its manifest.
create table artifact_reference (
    model       text        not null,
    version     integer     not null check (version > 0),
    sha256      text        not null,
    held        boolean     not null default true check (held),
    stage       text        not null check (stage in ('None', 'Staging', 'Production', 'Archived')),
    stage_since timestamptz not null,
    primary key (model, version, sha256),
    foreign key (sha256, held) references artifact_blob (sha256, held)
);

create index artifact_reference_sha256 on artifact_reference (sha256);

-- Resumable uploads in progress. The parts' bytes are in the blob store; these rows say which parts
-- were accepted (a part whose declared digest did not match is not), and when the session expires.
create table upload_session (
    upload_id        uuid        not null primary key,
    state            text        not null check (state in ('open', 'completing', 'completed')),
    expected_sha256  text check (expected_sha256 ~ '^[0-9a-f]{64}$'),
    declared_size    bigint check (declared_size >= 0),
    media_type       text        not null,
    file_name        text,
    created_by       text        not null,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    -- the digest of the assembled blob, once completed (a repeated complete answers it again)
    result_sha256    text
);

create index upload_session_expires_at on upload_session (expires_at);

create table upload_part (
    upload_id   uuid        not null references upload_session (upload_id) on delete cascade,
    part_number integer     not null check (part_number between 1 and 10000),
    size        bigint      not null check (size >= 0),
    sha256      text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    received_at timestamptz not null,
    primary key (upload_id, part_number)
);
