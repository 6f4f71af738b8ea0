-- Fairness across workspaces (issue 12). The claim gives every workspace with syncs waiting its share of each batch
-- (weight / the weights of all workspaces waiting), then fills the rest oldest first; a workspace may also be held
-- to a number of syncs in flight at once across every node. Both are operators' settings
-- (`./lb cli workspaces limits`).
ALTER TABLE workspace
    ADD COLUMN claim_weight  smallint NOT NULL DEFAULT 1 CHECK (claim_weight BETWEEN 1 AND 1000),
    ADD COLUMN max_in_flight integer CHECK (max_in_flight > 0);

-- Each workspace's due syncs in claim order: the claim walks the workspaces waiting (one probe each) and takes each
-- one's share from here.
CREATE INDEX sync_event_due_workspace ON sync_event (workspace_id, priority, next_attempt_at, id)
    WHERE status = 'PENDING' AND blocked_by IS NULL;

-- The claim looks up each workspace's due syncs by workspace_id = <a workspace from the loose scan>. Statistics taken
-- while one workspace held nearly every sync (a first import, a benchmark) say that any workspace_id matches every
-- row, and the planner then walks the whole due index filtering on the workspace, once per workspace, on every claim
-- (measured: 13 ms a workspace with 30,000 syncs waiting). Fixing n_distinct at 1 % of the rows (a hundred
-- workspaces for 10,000 syncs) keeps "one workspace" a small part of the table for the planner, whatever ANALYZE saw.
ALTER TABLE sync_event ALTER COLUMN workspace_id SET (n_distinct = -0.01);
