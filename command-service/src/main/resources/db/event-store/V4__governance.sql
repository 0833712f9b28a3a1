-- Governance on the command side (issue 4, part 2), next to the events: what the promotion gates, the
-- report verification and the deprecation job read outside the RegisteredModel aggregate.
--
-- evaluator_key and governance_model are kept by the subscribing processor 'governance-state' in the
-- transaction of the command whose events they follow; evaluation_report is written in the unit of work
-- of the command that attaches the report (its bytes and signature are never in an event).

-- Evaluators and their Ed25519 public keys (X.509 SubjectPublicKeyInfo DER).
create table evaluator_key (
    evaluator     text        not null primary key,
    public_key    bytea       not null,
    registered_at timestamptz not null,
    revoked_at    timestamptz
);

-- The exact bytes of every attached report and their signature, by model and report id.
create table evaluation_report (
    model       text        not null,
    report_id   text        not null,
    version     integer     not null check (version > 0),
    evaluator   text        not null references evaluator_key (evaluator),
    report      bytea       not null,
    signature   bytea       not null,
    attached_at timestamptz not null,
    primary key (model, report_id)
);

-- One row per model: its owner team (orphan checks), the time of its last version (deprecation job) and
-- what the job recorded for that time. Times are to the millisecond, as the event store keeps them.
create table governance_model (
    model           text        not null primary key,
    owner_team      text        not null,
    last_version_at timestamptz not null,
    warned_for      timestamptz,
    expired         boolean     not null default false,
    deleted         boolean     not null default false
);

create index governance_model_due on governance_model (last_version_at) where not deleted and not expired;

-- Models registered before this migration: owner team (the namespace when none was given) and last
-- version time from their events (subscribing processors only see new events).
insert into governance_model (model, owner_team, last_version_at, deleted)
select aggregate_identifier,
       coalesce(max(convert_from(payload, 'UTF8')::jsonb ->> 'owner_team')
                    filter (where payload_type = 'dev.modelregistry.model.registered'),
                case when position('.' in aggregate_identifier) > 0 then split_part(aggregate_identifier, '.', 1)
                     else 'default' end),
       date_trunc('milliseconds', max(time_stamp::timestamptz)
           filter (where payload_type in ('dev.modelregistry.model.registered', 'dev.modelregistry.version.registered'))),
       bool_or(payload_type = 'dev.modelregistry.model.deleted')
from domain_event_entry
where type = 'RegisteredModel'
group by aggregate_identifier
having bool_or(payload_type = 'dev.modelregistry.model.registered');
