-- A funnel's declared dimensions (up to 5 property names, FunnelDefinition.dimensions) kept on each
-- visit: dim_i is the value (PropertyValue: a string; numbers and booleans by their JSON text;
-- null when absent, null, an object or an array) of the i-th declared property on the visit's
-- first event, filled by attribution. A flow or trend breakdown by a declared dimension groups
-- these columns in the database like the channel, without reading the events' properties.
-- Existing rows get nulls: no funnel declared dimensions before this version (declaring them
-- re-attributes the funnel, which rewrites its visits).
alter table funnel_visit add column dim_1 varchar(32768);
alter table funnel_visit add column dim_2 varchar(32768);
alter table funnel_visit add column dim_3 varchar(32768);
alter table funnel_visit add column dim_4 varchar(32768);
alter table funnel_visit add column dim_5 varchar(32768);
