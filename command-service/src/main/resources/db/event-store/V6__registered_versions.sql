-- Every model version ever registered, kept by the subscribing processor 'registered-versions' in the
-- transaction of the command whose events it follows: the sender of RegisterVersion checks a parent of
-- another model here (it must have been registered and not be deleted), since the RegisteredModel
-- aggregate only knows its own versions. A version is never removed, only marked deleted (VersionDeleted,
-- or ModelDeleted for all versions of the model), so a version that existed once stays known: every
-- parent exists before its child and parents never change, so the lineage of versions cannot have a cycle.
create table registered_version (
    model   text    not null,
    version integer not null check (version > 0),
    deleted boolean not null default false,
    primary key (model, version)
);

-- Versions registered before this migration, from their events (subscribing processors only see new
-- events). Payloads are the events-schema JSON (RegistrySerializer); 'version' is in every schema version
-- of these events, and a model's events are stored under its name (aggregate type RegisteredModel).
with model_event as (
    select aggregate_identifier as model,
           payload_type,
           (convert_from(payload, 'UTF8')::jsonb ->> 'version')::integer as version
    from domain_event_entry
    where type = 'RegisteredModel'
      and payload_type in ('dev.modelregistry.version.registered', 'dev.modelregistry.version.deleted',
                           'dev.modelregistry.model.deleted')
)
insert into registered_version (model, version, deleted)
select registered.model,
       registered.version,
       bool_or(version_deleted.model is not null or model_deleted.model is not null)
from model_event registered
left join model_event version_deleted
       on version_deleted.payload_type = 'dev.modelregistry.version.deleted'
      and version_deleted.model = registered.model
      and version_deleted.version = registered.version
left join model_event model_deleted
       on model_deleted.payload_type = 'dev.modelregistry.model.deleted'
      and model_deleted.model = registered.model
where registered.payload_type = 'dev.modelregistry.version.registered'
group by registered.model, registered.version;
