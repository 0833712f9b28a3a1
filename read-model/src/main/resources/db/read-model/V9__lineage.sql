-- Issue 5: the lineage DAG. One row per edge, derived from events only (projector postgres/LineageRows):
--   dataset:<sha256> -> run:<run_id>          'input'       RunDataLogged.inputs
--   dataset:<sha256> -> version:<model>@<n>   'trained_on'  VersionRegistered.lineage.datasets
--   run:<run_id>     -> version:<model>@<n>   'produced'    VersionRegistered.lineage.run_id
--   version:<m>@<n>  -> version:<model>@<n>   'parent'      VersionRegistered.lineage.parents
-- The primary key makes a replayed event change nothing (ON CONFLICT DO NOTHING); the first event that
-- made an edge keeps it (position and occurred_at of that event).
create table lineage_edge (
    from_node   text        not null,
    to_node     text        not null,
    edge_type   text        not null,
    position    bigint      not null,
    occurred_at timestamptz not null,
    primary key (from_node, to_node, edge_type),
    constraint lineage_edge_type check (edge_type in ('input', 'trained_on', 'produced', 'parent'))
);
-- upstream walks (the primary key serves downstream walks)
create index lineage_edge_to on lineage_edge (to_node, from_node);

-- impact of a dataset: the versions a run produced (children of a version: version_parent_parent, V1)
create index model_version_run_id on model_version (run_id) where run_id is not null;

-- Edges of what was projected before this migration, as the projector writes them: position and time of
-- the version's registration event (audit_log; the first one when a duplicate was refused), of the first
-- RunDataLogged that named the dataset.
insert into lineage_edge (from_node, to_node, edge_type, position, occurred_at)
select distinct 'dataset:' || d.sha256, 'version:' || d.model || '@' || d.version, 'trained_on', r.position,
       r.occurred_at
from version_dataset d join audit_log r
     on r.event_type = 'dev.modelregistry.version.registered' and r.model = d.model and r.version = d.version
order by r.position
on conflict do nothing;
insert into lineage_edge (from_node, to_node, edge_type, position, occurred_at)
select 'run:' || v.run_id, 'version:' || v.model || '@' || v.version, 'produced', r.position, r.occurred_at
from model_version v join audit_log r
     on r.event_type = 'dev.modelregistry.version.registered' and r.model = v.model and r.version = v.version
where v.run_id is not null and v.run_id <> ''
order by r.position
on conflict do nothing;
insert into lineage_edge (from_node, to_node, edge_type, position, occurred_at)
select 'version:' || p.parent_model || '@' || p.parent_version, 'version:' || p.model || '@' || p.version, 'parent',
       r.position, r.occurred_at
from version_parent p join audit_log r
     on r.event_type = 'dev.modelregistry.version.registered' and r.model = p.model and r.version = p.version
order by r.position
on conflict do nothing;
insert into lineage_edge (from_node, to_node, edge_type, position, occurred_at)
select 'dataset:' || i.sha256, 'run:' || i.run_id, 'input', a.position, a.occurred_at
from (select run_id, sha256, min(position) as position from run_input group by run_id, sha256) i
join audit_log a on a.position = i.position
on conflict do nothing;
