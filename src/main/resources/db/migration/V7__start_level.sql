-- One name per idea: a conversion cell counts starts by the level they reach, so its column is
-- named like funnel_start's levels (strict_level, skip_level), not "reach".
alter table conversion_cell rename column reach_level to start_level;
