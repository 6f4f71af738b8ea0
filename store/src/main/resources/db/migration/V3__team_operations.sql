-- Running Ledgerbridge as a team (issue 14): flows paused and deleted, API keys that are read-only and say when they
-- were last used, and an audit log of every change a person, a key or the command line made.

-- A paused flow still takes records in; its syncs wait until it is resumed (the claim skips them). A deleted flow
-- takes nothing in, its waiting syncs end Skipped ("flow deleted"), and its row and mappings stay: nothing is deleted
-- in a destination, and a flow created again for the same pair finds what this one wrote.
ALTER TABLE flow ADD COLUMN paused_at  timestamptz;
ALTER TABLE flow ADD COLUMN paused_by  text;
ALTER TABLE flow ADD COLUMN deleted_at timestamptz;
ALTER TABLE flow ADD COLUMN deleted_by text;

-- A read-only key may only read (GET). last_used_at is written at most once a minute per key.
ALTER TABLE api_key ADD COLUMN read_only    boolean NOT NULL DEFAULT false;
ALTER TABLE api_key ADD COLUMN last_used_at timestamptz;
ALTER TABLE api_key ADD COLUMN revoked_by   text;
CREATE INDEX api_key_workspace ON api_key (workspace_id, created_at);

-- Who changed what, when: one row per action. actor is what people read ("office@acme.example",
-- "API key lb_AbC1 (Web shop)", "command line"); before/after hold the changed values where the action has them.
CREATE TABLE audit_entry (
    id           bigserial PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspace (id),
    at           timestamptz NOT NULL,
    actor        text NOT NULL,
    action       text NOT NULL,
    target       text NOT NULL,
    summary      text NOT NULL,
    before       jsonb,
    after        jsonb
);
CREATE INDEX audit_entry_workspace ON audit_entry (workspace_id, id DESC);
