-- Records a projector could not apply ("dead letters"): an unknown ce_type (a newer producer), a
-- schema version newer than the consumer, a malformed header or body, or an event whose subject is
-- missing from the read model (its earlier event was itself parked). The projector logs the record,
-- writes it here in the same transaction as its progress, and moves on, so one bad record never
-- stops the pipeline and never disappears silently. After upgrading the consumer (or fixing the
-- cause) a rebuild replays the topic and applies what can now be applied.
create table projection_failure (
    projector       text        not null,
    kafka_partition int         not null,
    kafka_offset    bigint      not null,
    -- as read from the headers; null when missing or unreadable
    event_id        text,
    event_type      text,
    schema_version  int,
    position        bigint,
    model           text,
    error           text        not null,
    -- every header of the record, as UTF-8 text (invalid bytes replaced)
    headers         jsonb       not null,
    body            bytea,
    failed_at       timestamptz not null,
    primary key (projector, kafka_partition, kafka_offset)
);
create index projection_failure_time on projection_failure (failed_at);
