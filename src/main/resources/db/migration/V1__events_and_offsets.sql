-- Raw touchpoints, one row per eventId (the key makes redelivery idempotent), and the
-- consumer's offsets, written in the same transaction as the rows they cover.
-- Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode. Id columns are twice the
-- API's limit in characters: H2 counts UTF-16 units, and an emoji is two of them.

create table touchpoint (
    event_id           varchar(128)                not null primary key,
    journey_key        varchar(512)                not null,
    customer_id        varchar(512),
    anonymous_id       varchar(512),
    type               varchar(64)                 not null,
    channel            varchar(64)                 not null,
    occurred_at        timestamp(6) with time zone not null,
    original_timestamp timestamp(6) with time zone,
    sent_at            timestamp(6) with time zone,
    received_at        timestamp(6) with time zone not null,
    properties         varchar(32768)              not null,
    source_key         varchar(8)                  not null,
    source_via         varchar(8)                  not null,
    -- the Kafka partition the event came from: a backfill is split by partition, so each
    -- consumer instance recomputes only the journeys it also receives new events for
    partition_no       integer                     not null
);

create index touchpoint_journey_idx on touchpoint (journey_key, occurred_at, event_id);
create index touchpoint_anonymous_idx on touchpoint (anonymous_id);
create index touchpoint_customer_idx on touchpoint (customer_id);
create index touchpoint_partition_idx on touchpoint (partition_no, journey_key);

create table consumer_offset (
    topic        varchar(249) not null,
    partition_no integer      not null,
    topic_id     varchar(32)  not null,
    next_offset  bigint       not null,
    primary key (topic, partition_no)
);
