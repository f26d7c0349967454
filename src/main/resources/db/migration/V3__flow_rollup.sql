-- The daily flow rollup: visits per entry day, stage, successor stage (-1: none), channel and
-- delay bucket (see DelayBuckets), kept equal to funnel_visit by the writers of funnel_visit in
-- the same transaction. Flow and trend queries read whole days here and count only the
-- partial days at a range's edges (and windows the buckets cannot answer) from funnel_visit.
create table flow_rollup (
    funnel_id    varchar(64) not null,
    entered_day  integer     not null,
    stage        smallint    not null,
    next_stage   smallint    not null,
    channel      varchar(64) not null,
    delay_bucket bigint      not null,
    visits       bigint      not null,
    primary key (funnel_id, entered_day, stage, next_stage, channel, delay_bucket)
);

-- Existing visits, bucketed as DelayBuckets.bucketOf does: whole hours up to a day, whole days
-- up to 365 days, 366 days beyond that, -1 without a successor.
insert into flow_rollup (funnel_id, entered_day, stage, next_stage, channel, delay_bucket, visits)
select funnel_id, entered_day, stage, next_stage, channel, delay_bucket, count(*)
from (select funnel_id, entered_day, stage, coalesce(next_stage, -1) as next_stage, channel,
             case when delay_ms is null then -1
                  when delay_ms <= 86400000 then (delay_ms + 3599999) / 3600000 * 3600000
                  when delay_ms <= 31536000000 then (delay_ms + 86399999) / 86400000 * 86400000
                  else 31622400000 end as delay_bucket
      from funnel_visit) v
group by funnel_id, entered_day, stage, next_stage, channel, delay_bucket;
