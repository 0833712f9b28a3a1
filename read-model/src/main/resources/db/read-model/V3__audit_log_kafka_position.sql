-- Read-your-writes by exact position (docs/architecture.md, Consistency model;
-- dev.modelregistry.readmodel.ReadModelPositions).
--
-- The publisher sends events to Kafka in the order their transactions became visible, which is not
-- position order, so "a projector applied some position >= P" does not mean it applied P. Whether a
-- read model has reached P is decided from the event at position P itself:
--  * PostgreSQL: a row with position P in audit_log (same transaction as its effects) or in
--    projection_failure (processed, parked);
--  * search: the Kafka record of P (partition, offset), taken from audit_log or projection_failure,
--    is covered by the search projector's progress on that partition.
-- So every audit row records where its event was read from. Null for rows written before this
-- migration and for events applied without a Kafka record; a rebuild fills them.
alter table audit_log
    add column kafka_partition int,
    add column kafka_offset    bigint;

-- projection_failure already has kafka_partition and kafka_offset; it is looked up by position.
create index projection_failure_position on projection_failure (position) where position is not null;

-- No longer written or read: "consumed to its end at the last poll" (and its heartbeat in
-- updated_at) was the basis of the previous, approximate rule. updated_at stays: the time of the
-- last progress write, for operators.
alter table projection_progress drop column caught_up;
