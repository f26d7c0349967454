-- Fewer rows and index entries per attributed event: the consumer's throughput is bounded by
-- index maintenance in the database (about 5 microseconds per row and index on this hardware).

-- One row per start event, not one per start and level: element k of each array is the delay
-- to level k (element 1 is always 0), null where that mode does not reach the level. The arrays
-- end with the last level skip mode reaches (it reaches at least as far as strict mode).
create table funnel_start (
    funnel_id      varchar(64)                 not null,
    journey_key    varchar(512)                not null,
    start_event_id varchar(128)                not null,
    start_at       timestamp(6) with time zone not null,
    channel        varchar(64)                 not null,
    strict_ms      bigint array                not null,
    skip_ms        bigint array                not null,
    primary key (funnel_id, journey_key, start_event_id)
);
create index funnel_start_at_idx on funnel_start (funnel_id, start_at);

-- Reach rows hold levels 1..n without gaps, so their position in level order is their level.
insert into funnel_start (funnel_id, journey_key, start_event_id, start_at, channel, strict_ms, skip_ms)
select funnel_id, journey_key, start_event_id, start_at, channel,
       array_agg(strict_ms order by level), array_agg(skip_ms order by level)
from funnel_reach
group by funnel_id, journey_key, start_event_id, start_at, channel;

drop table funnel_reach;

-- Touchpoints keep two indexes: the primary key (eventId deduplication) and the journey key.
-- customer_id needs none: journey_key is the customer id whenever there is one. Finding an
-- anonymous id that was later joined to a customer id (only erasure does) scans the table.
-- The journey index carries the partition so a backfill lists a partition's journeys from it.
drop index touchpoint_anonymous_idx;
drop index touchpoint_customer_idx;
drop index touchpoint_partition_idx;
drop index touchpoint_journey_idx;
create index touchpoint_journey_idx on touchpoint (journey_key, partition_no);
