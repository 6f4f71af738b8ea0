-- Historical imports (issue 12): the past of a flow's source read page by page, synced after every live sync of the
-- same destination, within a share of the destination's daily calls. The cursor is stored in the transaction that
-- stores its page, so a node that stops mid-way leaves the import exactly where its last page ended.
CREATE TABLE import_run (
    id            uuid PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspace (id),
    flow_id       uuid NOT NULL REFERENCES flow (id),
    from_date     date NOT NULL,
    to_date       date NOT NULL,
    record_types  text[] NOT NULL,
    status        text NOT NULL CHECK (status IN ('RUNNING', 'PAUSED', 'CANCELLED', 'COMPLETED', 'FAILED')),
    status_reason text,
    expected      bigint NOT NULL,          -- invoices the source said the range holds at the start; -1: it cannot count
    budget_share  smallint NOT NULL CHECK (budget_share BETWEEN 1 AND 100),
    cursor        text,                     -- where the last stored page ended; null before the first
    reading_done  boolean NOT NULL DEFAULT false,
    pages         integer NOT NULL DEFAULT 0,
    lease_owner   text,                     -- the node reading its next page, until lease_until
    lease_until   timestamptz,
    refused       jsonb NOT NULL DEFAULT '[]', -- records read that intake refused ({type, id, problems}), at most 100
    refused_count integer NOT NULL DEFAULT 0,
    refused_invoices integer NOT NULL DEFAULT 0,
    report        jsonb,
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    CHECK (to_date >= from_date)
);
CREATE INDEX import_run_workspace ON import_run (workspace_id, created_at DESC);
CREATE INDEX import_run_running ON import_run (status) WHERE status = 'RUNNING';

-- Every record an import read (of the types it imports): the verification at the end accounts for each one.
CREATE TABLE import_item (
    import_id   uuid NOT NULL REFERENCES import_run (id),
    record_type text NOT NULL,
    source_id   text NOT NULL,
    PRIMARY KEY (import_id, record_type, source_id)
);

-- An event made by an import. Its priority is raised by 10, so every live event of the destination is claimed first;
-- a live change of the same record (or a live event waiting on it) takes it back to live priority and clears this.
ALTER TABLE sync_event ADD COLUMN import_id uuid REFERENCES import_run (id);
CREATE INDEX sync_event_import ON sync_event (import_id) WHERE import_id IS NOT NULL AND status = 'PENDING';

-- The import share of each destination's calls, per UTC day, counted across nodes.
CREATE TABLE import_budget (
    destination_connection_id uuid NOT NULL REFERENCES connection (id),
    day                       date NOT NULL,
    calls                     integer NOT NULL,
    PRIMARY KEY (destination_connection_id, day)
);
