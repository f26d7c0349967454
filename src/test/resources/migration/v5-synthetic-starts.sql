-- Synthetic start rows in V4's shape, for timing migration V5 on a scratch database (not used
-- by the tests). 1M journeys of 1 to 6 starts (3.5M rows) over 180 days, stored in random
-- order, delay arrays of 1 to 5 levels. The README's figure came from:
--   createdb -h 127.0.0.1 -U postgres v5timing
--   psql -h 127.0.0.1 -U postgres -d v5timing -X -q -v ON_ERROR_STOP=1 -f src/test/resources/migration/v5-synthetic-starts.sql
--   psql -h 127.0.0.1 -U postgres -d v5timing -X -v ON_ERROR_STOP=1 -c '\timing on' -f src/main/resources/db/migration/V5__start_links.sql
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

insert into funnel_start
select * from (
    select 'customer-journey', 'customer-' || lpad(j::text, 7, '0'), md5(j::text || '/' || i),
           timestamptz '2025-01-01' + (random() * 180 * 86400)::bigint * interval '1 second',
           (array['web', 'tiktok', 'email', 'store', 'tv', 'instagram'])[1 + floor(random() * 6)::int], a, a
    from generate_series(1, 1000000) j
    cross join lateral generate_series(1, (1 + (j::bigint * 7919 % 6))::int) i
    -- "0 * i" makes the array differ per start, not only per journey
    cross join lateral (select array(select (g - 1)::bigint * (1 + floor(random() * 20))::bigint * 43200000
                                     from generate_series(1, 1 + floor(random() * 5)::int + 0 * i) g) a) x
) s order by random();
vacuum analyze funnel_start;
