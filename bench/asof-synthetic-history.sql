-- A synthetic history of 10^6 events for the as_of benchmark (docs/benchmarks.md, "Point-in-time
-- queries"), written straight into the read model in the shape the PostgreSQL projector gives it:
-- seeding 10^6 events through the command path takes hours on one machine. One model, asof-synthetic,
-- with 250,000 versions, each registered, moved to Staging, to Production (archiving the previous one):
-- 1,000,000 model events = 1,000,000 model_history rows, 999,999 stage_history rows; one event per
-- second from 2020-01-01. Run against the registry's database (psql -f, or any SQL client), then
-- AsOfLatency --model=asof-synthetic --from=2020-01-01T00:00:00Z --to=2020-01-12T13:46:40Z.
set search_path = read_model;
begin;
insert into model (name, description, owner_team, tags, latest_version, created_at, created_by, updated_at,
                   updated_by, last_position)
values ('asof-synthetic', 'synthetic history', 'bench', '{}', 250000, timestamptz '2020-01-01T00:00:00Z', 'bench',
        timestamptz '2020-01-01T00:00:00Z' + interval '999999 seconds', 'bench', 1000000000 + 999999);
-- event k (0-based) of the model at 2020-01-01 + k seconds, position 10^9 + k; version v (1-based)
-- registered at k = 4v-3, Staging at 4v-2, Production at 4v-1, previous one archived at 4v
insert into model_history (model, description, owner_team, tags, latest_version, updated_by, valid_from, valid_to,
                           from_position, to_position)
select 'asof-synthetic', 'synthetic history', 'bench', '{}', (k + 3) / 4, 'bench',
       timestamptz '2020-01-01T00:00:00Z' + k * interval '1 second',
       case when k < 999999 then timestamptz '2020-01-01T00:00:00Z' + (k + 1) * interval '1 second' end,
       1000000000 + k, case when k < 999999 then 1000000000 + k + 1 end
from generate_series(0, 999999) k;
insert into model_version (model, version, artifact_sha256, lineage_hash, stage, stage_changed_at, created_at,
                           created_by, last_position)
select 'asof-synthetic', v, repeat('0', 64), repeat('0', 64), case when v = 250000 then 'Production' else 'Archived' end,
       timestamptz '2020-01-01T00:00:00Z' + (4 * v - 1) * interval '1 second',
       timestamptz '2020-01-01T00:00:00Z' + (4 * v - 3) * interval '1 second', 'bench', 1000000000 + 4 * v
from generate_series(1, 250000) v;
insert into stage_history (model, version, stage, valid_from, valid_to, from_position, to_position)
select 'asof-synthetic', v, s.stage,
       timestamptz '2020-01-01T00:00:00Z' + (4 * v - s.k) * interval '1 second',
       case when s.stage = 'Archived' or (s.stage = 'Production' and v = 250000) then null
            when s.stage = 'Production' then timestamptz '2020-01-01T00:00:00Z' + (4 * v + 4) * interval '1 second'
            else timestamptz '2020-01-01T00:00:00Z' + (4 * v - s.k + 1) * interval '1 second' end,
       1000000000 + 4 * v - s.k,
       case when s.stage = 'Archived' or (s.stage = 'Production' and v = 250000) then null
            when s.stage = 'Production' then 1000000000 + 4 * v + 4
            else 1000000000 + 4 * v - s.k + 1 end
from generate_series(1, 250000) v,
     (values ('None', 3), ('Staging', 2), ('Production', 1)) s(stage, k);
insert into stage_history (model, version, stage, valid_from, valid_to, from_position, to_position)
select 'asof-synthetic', v, 'Archived', timestamptz '2020-01-01T00:00:00Z' + (4 * v + 4) * interval '1 second', null,
       1000000000 + 4 * v + 4, null
from generate_series(1, 249999) v;
commit;
analyze model_history;
analyze stage_history;
analyze model_version;
