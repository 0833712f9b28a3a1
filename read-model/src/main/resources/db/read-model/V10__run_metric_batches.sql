-- Issue 5: a run's metric history stored per logged batch, not per point. The points of one key logged
-- by one RunDataLogged event are ONE row with arrays in the event's order (as time-series stores chunk
-- their samples): the benchmark's 1,000,000 points (10,000 runs, 4 keys x 25 steps in one event each)
-- are 40,000 rows instead of 1,000,000 rows plus two indexes, which is what a rebuild from offset 0 and
-- the live projector pay for. Readers unnest the arrays (query-service TrackingQueries); each point keeps
-- its place (position, ordinal), so ordering and page tokens mean what they meant with run_metric.

create table run_metric_batch (
    run_id     text               not null, -- the run the points were logged for
    key        text               not null, -- the metric's key
    position   bigint             not null, -- global position of the RunDataLogged event
    steps      bigint[]           not null, -- the points' steps, in the event's order
    timestamps timestamptz[]      not null, -- the points' timestamps, same order
    "values"   double precision[] not null, -- the points' values, same order; NaN and +/-Infinity as logged
    ordinals   int[]              not null, -- each point's ordinal among all points of its event (all keys)
    min_step   bigint             not null, -- lowest of steps: a page after a cursor skips batches below it
    max_step   bigint             not null, -- highest of steps: idem (max_step >= the cursor's step)
    primary key (run_id, key, position),
    -- the i-th elements of the four arrays are one point
    constraint run_metric_batch_arrays check (
        cardinality(steps) > 0
        and cardinality(timestamps) = cardinality(steps)
        and cardinality("values") = cardinality(steps)
        and cardinality(ordinals) = cardinality(steps))
);

-- a registry upgrading keeps its history: one row per (run, key, event) of the points stored so far
insert into run_metric_batch (run_id, key, position, steps, timestamps, "values", ordinals, min_step, max_step)
select run_id, key, position,
       array_agg(step order by ordinal),
       array_agg(timestamp order by ordinal),
       array_agg(value order by ordinal),
       array_agg(ordinal order by ordinal),
       min(step),
       max(step)
from run_metric
group by run_id, key, position;

drop table run_metric;

-- For operators' ad-hoc SQL only (one row per point, the columns run_metric had). The application never
-- reads it (it is left out of the generated jOOQ classes): its queries unnest only the batches they need.
create view run_metric as
select b.run_id, b.key, p.step, p.timestamp, p.value, b.position, p.ordinal
from run_metric_batch b
cross join lateral unnest(b.steps, b.timestamps, b."values", b.ordinals) as p(step, timestamp, value, ordinal);
