-- What attribution needs to apply events appended to a journey from its stored rows instead of
-- recomputing the journey from all its events (journey.JourneyAppend, docs/design/identity-and-throughput.md):
-- the journey's last visit names the journey's last event in the funnel (which an appended event
-- must follow in journey order) and counts the journey's events (short journeys are recomputed
-- instead: touchpoint.consumer.incremental-from-events), and each start says how many levels its strict chain reaches
-- (what selects the starts an appended event may extend) and when its skip chain's last event
-- happened (its step times cannot tell one event reaching two levels from two events).
-- Rows stored before this version hold nulls: a journey whose last visit does not say is
-- recomputed whole by the next batch that touches it, which fills them in; no re-attribution.
alter table funnel_visit add column last_event_at timestamp(6) with time zone;
alter table funnel_visit add column last_event_id varchar(128);
alter table funnel_visit add column journey_events integer;
alter table funnel_start add column strict_reached smallint;
alter table funnel_start add column skip_last_at timestamp(6) with time zone;
alter table funnel_start_sample add column strict_reached smallint;
alter table funnel_start_sample add column skip_last_at timestamp(6) with time zone;
