-- Identity (SPEC §1.1): an event with both customerId and anonymousId links the device to the
-- customer; the owner of an anonymous id is its explicit link, else its earliest unblocked link
-- event by (timestamp, eventId). touchpoint.journey_key becomes the resolved key: customerId,
-- else the owner of anonymousId, else anonymousId. Portable SQL (PostgreSQL and H2).

-- The earliest link event of each pair (device, customer), kept beside touchpoint so that a
-- device's links are found by one index (touchpoint has no index on anonymous_id, see V4).
-- A later link of the same pair can never decide an owner the earliest one does not (blocks
-- are per pair), so one row per pair is enough, however many events carry both ids.
create table identity_link (
    anonymous_id varchar(512)                not null,
    customer_id  varchar(512)                not null,
    occurred_at  timestamp(6) with time zone not null,
    event_id     varchar(128)                not null,
    primary key (anonymous_id, customer_id)
);
create index identity_link_customer_idx on identity_link (customer_id);

-- Pairs an admin unlinked: their link events, past and future, are ignored.
create table identity_block (
    anonymous_id varchar(512)                not null,
    customer_id  varchar(512)                not null,
    blocked_at   timestamp(6) with time zone not null,
    primary key (anonymous_id, customer_id)
);

-- Links an admin made: one per anonymous id, outranking its link events.
create table identity_explicit (
    anonymous_id varchar(512)                not null primary key,
    customer_id  varchar(512)                not null,
    linked_at    timestamp(6) with time zone not null
);

-- The current owner of each owned anonymous id, derived from the three tables above and kept
-- in step with them in the same transactions; kind is 'event' (link_event_id and linked_at are
-- the winning link's) or 'explicit'.
create table identity_owner (
    anonymous_id  varchar(512)                not null primary key,
    customer_id   varchar(512)                not null,
    kind          varchar(8)                  not null,
    link_event_id varchar(128),
    linked_at     timestamp(6) with time zone not null
);
create index identity_owner_customer_idx on identity_owner (customer_id);

-- Journeys stored before this version: their link events become links, the owners follow,
-- and the anonymous events of owned devices join their owners' journeys.
insert into identity_link (anonymous_id, customer_id, occurred_at, event_id)
select anonymous_id, customer_id, occurred_at, event_id from (
    select anonymous_id, customer_id, occurred_at, event_id,
           row_number() over (partition by anonymous_id, customer_id order by occurred_at, event_id) as rank_no
    from touchpoint
    where customer_id is not null and anonymous_id is not null
) ranked
where rank_no = 1;

insert into identity_owner (anonymous_id, customer_id, kind, link_event_id, linked_at)
select anonymous_id, customer_id, 'event', event_id, occurred_at from (
    select anonymous_id, customer_id, event_id, occurred_at,
           row_number() over (partition by anonymous_id order by occurred_at, event_id) as rank_no
    from identity_link
) ranked
where rank_no = 1;

update touchpoint set journey_key = (
    select o.customer_id from identity_owner o where o.anonymous_id = touchpoint.anonymous_id)
where customer_id is null and anonymous_id in (select anonymous_id from identity_owner);

-- Where a journey moved, every funnel is attributed again from the stored events (as V6 did):
-- the derived tables are emptied and each funnel's backfill marked running.
delete from flow_rollup where exists (select 1 from identity_owner);
delete from conversion_cell where exists (select 1 from identity_owner);
delete from funnel_visit where exists (select 1 from identity_owner);
delete from funnel_start where exists (select 1 from identity_owner);
delete from funnel_start_sample where exists (select 1 from identity_owner);
delete from backfill_cursor where exists (select 1 from identity_owner);
update funnel set backfill_state = 'RUNNING',
    backfill_total = (select count(*) from (select distinct partition_no, journey_key from touchpoint) journeys),
    backfill_started_at = current_timestamp, backfill_finished_at = null
where exists (select 1 from identity_owner);
