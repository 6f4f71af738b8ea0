-- The hot path writes an attempt and a mapping for every synced event and changes each event's status twice. These
-- changes make those writes cheaper; measured with ./lb bench (docs/BENCHMARKS.md).

-- Attempts and mappings are written only in the transaction that has just updated (and so locked) their event, and
-- events and flows are never deleted: the per-row foreign-key checks cost three times the insert itself.
ALTER TABLE sync_attempt DROP CONSTRAINT sync_attempt_event_id_fkey;
ALTER TABLE mapping DROP CONSTRAINT mapping_flow_id_fkey;

-- Expired leases are found through sync_event_one_processing (every Processing event, a few thousand at most):
-- one index fewer to write each time an event is claimed.
DROP INDEX sync_event_lease;
