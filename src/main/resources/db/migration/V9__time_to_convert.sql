-- Time to convert (docs/metrics.md): each start keeps, per level its chain reaches, the time in
-- microseconds from the chain's event before the one reaching that level, so that a conversion
-- query counts customers per bucket and takes the step medians from the start rows (in skip mode
-- one jump serves each step it covers, which the delays from e1 cannot tell). Null at the first
-- level and where a mode does not reach a level, like strict_ms and skip_ms.
alter table funnel_start add column strict_step_us bigint array;
alter table funnel_start add column skip_step_us bigint array;
alter table funnel_start_sample add column strict_step_us bigint array;
alter table funnel_start_sample add column skip_step_us bigint array;

-- Derived rows are rebuilt from the stored events rather than computed here in SQL: every
-- funnel is attributed again (its backfill marked running), as V8 does where journeys moved.
delete from flow_rollup;
delete from conversion_cell;
delete from funnel_visit;
delete from funnel_start;
delete from funnel_start_sample;
delete from backfill_cursor;
update funnel set backfill_state = 'RUNNING',
    backfill_total = (select count(*) from (select distinct partition_no, journey_key from touchpoint) journeys),
    backfill_started_at = current_timestamp, backfill_finished_at = null
where exists (select 1 from touchpoint);
