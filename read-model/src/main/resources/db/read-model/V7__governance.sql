-- Issue 4, part 2: governance. Promotion policies (versioned, with validity intervals), evaluation
-- reports, promotion requests, approvals, refusals and promotions per version, canaries (traffic
-- shares), rollbacks, deprecation state of models, evaluators. Interval conventions as in V6
-- (valid_from inclusive, valid_to exclusive, from the events' occurred_at; closed only while open and
-- only by a later position). One-off rows (one per event) have the event's position as key, so a
-- replayed event inserts nothing (ON CONFLICT DO NOTHING).

-- ---------------------------------------------------------------- deprecation

-- ModelDeprecationWarned sets warned_at (the event's time) and expires_at; ModelExpired sets
-- expired_at; VersionRegistered clears all three. model_history keeps them per state (as_of).
alter table model add column deprecation_warned_at timestamptz;
alter table model add column deprecation_expires_at timestamptz;
alter table model add column expired_at timestamptz;
alter table model_history add column deprecation_warned_at timestamptz;
alter table model_history add column deprecation_expires_at timestamptz;
alter table model_history add column expired_at timestamptz;
create index model_expired on model (name) where expired_at is not null;
-- the models of a team (orphan listings)
create index model_owner_team on model (owner_team, name);

-- ---------------------------------------------------------------- promotion policy

-- The policy in force per model: each PromotionPolicySet opens a new interval (the whole policy).
create table promotion_policy_history (
    model                     text        not null,
    policy_version            int         not null,
    thresholds                jsonb       not null,  -- [{metric, min, max}]
    no_regression             jsonb       not null,  -- [{metric, tolerance, higher_is_better}]
    require_evaluation_report boolean     not null,
    required_approvals        int         not null,
    approvers                 jsonb       not null,  -- sorted principal names
    set_by                    text        not null,
    valid_from                timestamptz not null,
    valid_to                  timestamptz,
    from_position             bigint      not null,
    to_position               bigint,
    primary key (model, from_position)
);
create unique index promotion_policy_history_one_open on promotion_policy_history (model) where to_position is null;
create index promotion_policy_history_time on promotion_policy_history (model, valid_from, from_position);

-- ---------------------------------------------------------------- evidence per version

-- EvaluationReportAttached: what a verified report says (the signature and bytes stay on the command side).
create table evaluation_report (
    model           text        not null,
    version         int         not null,
    report_id       text        not null,
    evaluator       text        not null,
    artifact_sha256 text        not null,
    dataset_sha256  text,
    metrics         jsonb       not null,
    issued_at       timestamptz,
    expires_at      timestamptz,
    attached_at     timestamptz not null,
    attached_by     text        not null,
    position        bigint      not null,
    primary key (model, version, report_id)
);
create unique index evaluation_report_position on evaluation_report (position);

create table promotion_request (
    model                text        not null,
    version              int         not null,
    request_id           text        not null,
    canary_percent       int,
    evaluation_report_id text,
    reason               text,
    requested_at         timestamptz not null,
    requested_by         text        not null,
    position             bigint      not null,
    primary key (model, request_id)
);
create index promotion_request_version on promotion_request (model, version, position);

create table promotion_approval (
    position    bigint      primary key,
    model       text        not null,
    version     int         not null,
    request_id  text,
    approver    text        not null,
    reason      text,
    approved_at timestamptz not null
);
create index promotion_approval_version on promotion_approval (model, version, position);

create table promotion_refusal (
    position      bigint      primary key,
    model         text        not null,
    version       int         not null,
    request_id    text,
    failed_checks jsonb       not null,  -- [{check, detail}]
    refused_by    text        not null,
    reason        text,
    refused_at    timestamptz not null
);
create index promotion_refusal_version on promotion_refusal (model, version, position);

-- VersionPromoted: the evidence of a promotion that passed every check.
create table version_promotion (
    position             bigint      primary key,
    model                text        not null,
    version              int         not null,
    request_id           text,
    policy_version       int         not null,
    evaluation_report_id text,
    approvers            jsonb       not null,
    canary_percent       int,
    incumbent            int,
    promoted_by          text        not null,
    reason               text,
    promoted_at          timestamptz not null
);
create index version_promotion_version on version_promotion (model, version, position);

-- ---------------------------------------------------------------- canary and rollback

-- A canary of a model: "version" serves "percent" of the traffic, "incumbent" the rest, from the
-- VersionPromoted with a canary share until CanaryFinalized, CanaryAborted, ProductionRolledBack or
-- either version leaving Production. A Production version of the model that is neither serves 100.
create table canary_history (
    model         text        not null,
    version       int         not null,
    incumbent     int,
    percent       int         not null,
    valid_from    timestamptz not null,
    valid_to      timestamptz,
    from_position bigint      not null,
    to_position   bigint,
    primary key (model, from_position),
    constraint canary_percent check (percent between 0 and 100)
);
create unique index canary_history_one_open on canary_history (model) where to_position is null;
create index canary_history_time on canary_history (model, valid_from, from_position);

create table production_rollback (
    position       bigint      primary key,
    model          text        not null,
    from_version   int         not null,
    to_version     int         not null,
    rolled_back_by text        not null,
    reason         text,
    rolled_back_at timestamptz not null
);
create index production_rollback_model on production_rollback (model, position);

-- ---------------------------------------------------------------- evaluators

-- EvaluatorRegistered (a public key is not a secret) and EvaluatorRevoked.
create table evaluator (
    name                text        primary key,
    public_key          text        not null,
    description         text,
    registered_at       timestamptz not null,
    registered_by       text        not null,
    registered_position bigint      not null,
    revoked_at          timestamptz,
    revoked_by          text,
    revoked_reason      text,
    revoked_position    bigint
);
