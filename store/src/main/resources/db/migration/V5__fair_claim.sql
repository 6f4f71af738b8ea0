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
