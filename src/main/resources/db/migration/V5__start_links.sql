-- Each start's place among its journey's starts at the default window (P30D = 2592000000 ms), per
-- mode (see StartLink): the level it reaches, when the previous start reaching at least as high
-- starts and when the next start reaching higher starts. With them a conversion query at the
-- default window picks each customer's chosen start by filtering single rows, where it had to
-- sort every start in range by customer.
--
-- The table is rebuilt rather than updated: one sequential write of every row, its indexes
-- built once at the end, where updating the rows in place wrote each of them again per
-- statement. The links of the existing rows are computed here as attribution computes them
-- (StartLinks), each start against the other starts of its journey. Arrays hold at most 20
-- levels (a funnel has at most 20 stages), null where not reached, never decreasing. Starts
-- at the same instant are ordered by event id in the database's collation here, in Java's
-- order (that of the C collation) in attribution; under another collation the two can differ
-- for such ties, and the journey's next event rewrites its rows in Java's order.
create table funnel_start_linked (
    funnel_id      varchar(64)                 not null,
    journey_key    varchar(512)                not null,
    start_event_id varchar(128)                not null,
    start_at       timestamp(6) with time zone not null,
    channel        varchar(64)                 not null,
    strict_ms      bigint array                not null,
    skip_ms        bigint array                not null,
    strict_level   smallint                    not null,
    strict_prev_at timestamp(6) with time zone,
    strict_next_at timestamp(6) with time zone,
    skip_level     smallint                    not null,
    skip_prev_at   timestamp(6) with time zone,
    skip_next_at   timestamp(6) with time zone
);

insert into funnel_start_linked (funnel_id, journey_key, start_event_id, start_at, channel, strict_ms, skip_ms,
        strict_level, strict_prev_at, strict_next_at, skip_level, skip_prev_at, skip_next_at)
with leveled as (
    select funnel_id, journey_key, start_event_id, start_at,
           case
               when (case when cardinality(strict_ms) >= 20 then strict_ms[20] end) <= 2592000000 then 20
               when (case when cardinality(strict_ms) >= 19 then strict_ms[19] end) <= 2592000000 then 19
               when (case when cardinality(strict_ms) >= 18 then strict_ms[18] end) <= 2592000000 then 18
               when (case when cardinality(strict_ms) >= 17 then strict_ms[17] end) <= 2592000000 then 17
               when (case when cardinality(strict_ms) >= 16 then strict_ms[16] end) <= 2592000000 then 16
               when (case when cardinality(strict_ms) >= 15 then strict_ms[15] end) <= 2592000000 then 15
               when (case when cardinality(strict_ms) >= 14 then strict_ms[14] end) <= 2592000000 then 14
               when (case when cardinality(strict_ms) >= 13 then strict_ms[13] end) <= 2592000000 then 13
               when (case when cardinality(strict_ms) >= 12 then strict_ms[12] end) <= 2592000000 then 12
               when (case when cardinality(strict_ms) >= 11 then strict_ms[11] end) <= 2592000000 then 11
               when (case when cardinality(strict_ms) >= 10 then strict_ms[10] end) <= 2592000000 then 10
               when (case when cardinality(strict_ms) >= 9 then strict_ms[9] end) <= 2592000000 then 9
               when (case when cardinality(strict_ms) >= 8 then strict_ms[8] end) <= 2592000000 then 8
               when (case when cardinality(strict_ms) >= 7 then strict_ms[7] end) <= 2592000000 then 7
               when (case when cardinality(strict_ms) >= 6 then strict_ms[6] end) <= 2592000000 then 6
               when (case when cardinality(strict_ms) >= 5 then strict_ms[5] end) <= 2592000000 then 5
               when (case when cardinality(strict_ms) >= 4 then strict_ms[4] end) <= 2592000000 then 4
               when (case when cardinality(strict_ms) >= 3 then strict_ms[3] end) <= 2592000000 then 3
               when (case when cardinality(strict_ms) >= 2 then strict_ms[2] end) <= 2592000000 then 2
               else 1 end as strict_level,
           case
               when (case when cardinality(skip_ms) >= 20 then skip_ms[20] end) <= 2592000000 then 20
               when (case when cardinality(skip_ms) >= 19 then skip_ms[19] end) <= 2592000000 then 19
               when (case when cardinality(skip_ms) >= 18 then skip_ms[18] end) <= 2592000000 then 18
               when (case when cardinality(skip_ms) >= 17 then skip_ms[17] end) <= 2592000000 then 17
               when (case when cardinality(skip_ms) >= 16 then skip_ms[16] end) <= 2592000000 then 16
               when (case when cardinality(skip_ms) >= 15 then skip_ms[15] end) <= 2592000000 then 15
               when (case when cardinality(skip_ms) >= 14 then skip_ms[14] end) <= 2592000000 then 14
               when (case when cardinality(skip_ms) >= 13 then skip_ms[13] end) <= 2592000000 then 13
               when (case when cardinality(skip_ms) >= 12 then skip_ms[12] end) <= 2592000000 then 12
               when (case when cardinality(skip_ms) >= 11 then skip_ms[11] end) <= 2592000000 then 11
               when (case when cardinality(skip_ms) >= 10 then skip_ms[10] end) <= 2592000000 then 10
               when (case when cardinality(skip_ms) >= 9 then skip_ms[9] end) <= 2592000000 then 9
               when (case when cardinality(skip_ms) >= 8 then skip_ms[8] end) <= 2592000000 then 8
               when (case when cardinality(skip_ms) >= 7 then skip_ms[7] end) <= 2592000000 then 7
               when (case when cardinality(skip_ms) >= 6 then skip_ms[6] end) <= 2592000000 then 6
               when (case when cardinality(skip_ms) >= 5 then skip_ms[5] end) <= 2592000000 then 5
               when (case when cardinality(skip_ms) >= 4 then skip_ms[4] end) <= 2592000000 then 4
               when (case when cardinality(skip_ms) >= 3 then skip_ms[3] end) <= 2592000000 then 3
               when (case when cardinality(skip_ms) >= 2 then skip_ms[2] end) <= 2592000000 then 2
               else 1 end as skip_level
    from funnel_start),
links as (
    select a.funnel_id, a.journey_key, a.start_event_id, a.strict_level, a.skip_level,
           max(case when (b.start_at < a.start_at or (b.start_at = a.start_at and b.start_event_id < a.start_event_id)) and b.strict_level >= a.strict_level then b.start_at end) as strict_prev_at,
           min(case when (b.start_at > a.start_at or (b.start_at = a.start_at and b.start_event_id > a.start_event_id)) and b.strict_level > a.strict_level then b.start_at end) as strict_next_at,
           max(case when (b.start_at < a.start_at or (b.start_at = a.start_at and b.start_event_id < a.start_event_id)) and b.skip_level >= a.skip_level then b.start_at end) as skip_prev_at,
           min(case when (b.start_at > a.start_at or (b.start_at = a.start_at and b.start_event_id > a.start_event_id)) and b.skip_level > a.skip_level then b.start_at end) as skip_next_at
    from leveled a join leveled b on b.funnel_id = a.funnel_id and b.journey_key = a.journey_key
    group by a.funnel_id, a.journey_key, a.start_event_id, a.strict_level, a.skip_level)
select s.funnel_id, s.journey_key, s.start_event_id, s.start_at, s.channel, s.strict_ms, s.skip_ms,
       l.strict_level, l.strict_prev_at, l.strict_next_at, l.skip_level, l.skip_prev_at, l.skip_next_at
from funnel_start s
join links l on l.funnel_id = s.funnel_id and l.journey_key = s.journey_key and l.start_event_id = s.start_event_id;

drop table funnel_start;
alter table funnel_start_linked rename to funnel_start;
alter table funnel_start add primary key (funnel_id, journey_key, start_event_id);
create index funnel_start_at_idx on funnel_start (funnel_id, start_at);
