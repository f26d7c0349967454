-- Funnels, what attribution derives from the stored touchpoints, backfill progress and erasure.

create table funnel (
    id                   varchar(64)                 not null primary key,
    name                 varchar(400)                not null,
    -- stages and rules as JSON (see FunnelJson); the version grows with every change of them
    definition           varchar(200000)             not null,
    version              integer                     not null,
    created_at           timestamp(6) with time zone not null,
    updated_at           timestamp(6) with time zone not null,
    backfill_state       varchar(16)                 not null,
    backfill_total       bigint                      not null,
    backfill_started_at  timestamp(6) with time zone not null,
    backfill_finished_at timestamp(6) with time zone
);

-- One row per funnel and partition: how far the backfill of that partition's journeys got.
create table backfill_cursor (
    funnel_id      varchar(64)  not null,
    partition_no   integer      not null,
    funnel_version integer      not null,
    last_key       varchar(512),
    journeys_done  bigint       not null,
    finished       boolean      not null,
    primary key (funnel_id, partition_no)
);

-- Visits (SPEC §2) with their successor: the flow metrics count these rows.
create table funnel_visit (
    funnel_id       varchar(64)                 not null,
    journey_key     varchar(512)                not null,
    seq             integer                     not null,
    stage           smallint                    not null,
    entered_at      timestamp(6) with time zone not null,
    channel         varchar(64)                 not null,
    first_event_id  varchar(128)                not null,
    event_count     integer                     not null,
    cycle           integer                     not null,
    next_stage      smallint,
    next_entered_at timestamp(6) with time zone,
    -- next_entered_at - entered_at in ms, rounded up: "delay_ms <= window" is the SPEC's test
    delay_ms        bigint,
    -- the UTC day of entered_at (days since 1970-01-01), what trends group by
    entered_day     integer                     not null,
    primary key (funnel_id, journey_key, seq)
);
-- Covers the flow and trend queries: a range of entry times of one funnel.
create index funnel_visit_entered_idx on funnel_visit (funnel_id, entered_at, stage, next_stage, delay_ms, channel, entered_day);

-- Reach rows (SPEC §3 Funnel): per start event of the first stage and per level, the least
-- delay in ms to reach that level in strict and in skip mode (null: not reached).
create table funnel_reach (
    funnel_id      varchar(64)                 not null,
    journey_key    varchar(512)                not null,
    start_event_id varchar(128)                not null,
    start_at       timestamp(6) with time zone not null,
    channel        varchar(64)                 not null,
    level          smallint                    not null,
    strict_ms      bigint,
    skip_ms        bigint,
    primary key (funnel_id, journey_key, start_event_id, level)
);
create index funnel_reach_start_idx on funnel_reach (funnel_id, level, start_at);

-- Erased customer and anonymous ids: events received before the erasure never come back,
-- even if the consumer reads the topic again.
create table erasure (
    erased_id varchar(512)                not null primary key,
    erased_at timestamp(6) with time zone not null
);

-- One row that orders erasures against the consumer's writes (see WriteFence).
create table write_fence (
    id integer not null primary key
);
insert into write_fence (id) values (1);

create table app_state (
    name  varchar(64)  not null primary key,
    setting varchar(256) not null
);
