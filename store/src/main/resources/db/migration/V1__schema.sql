-- Ledgerbridge schema. One word per concept: workspace, connection, flow, sync_event, sync_attempt, mapping.

CREATE TABLE workspace (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL
);

-- API keys are stored as SHA-256 hashes; the key itself is shown once, when created.
CREATE TABLE api_key (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspace (id),
    key_hash     text NOT NULL UNIQUE,
    prefix       text NOT NULL,
    label        text,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);

-- An authorised link to one external account. Tokens are encrypted with Tink (AES-256-GCM, the connection id
-- as associated data); token_version increases on every refresh so that concurrent refreshes can be detected.
CREATE TABLE connection (
    id                 uuid PRIMARY KEY,
    workspace_id       uuid NOT NULL REFERENCES workspace (id),
    system             text NOT NULL,
    name               text NOT NULL,
    status             text NOT NULL CHECK (status IN ('CONNECTED', 'NEEDS_RECONNECT', 'DISCONNECTED')),
    status_reason      text,
    settings           jsonb NOT NULL DEFAULT '{}',
    token_ciphertext   bytea,
    token_version      integer NOT NULL DEFAULT 0,
    token_refreshed_at timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX connection_workspace ON connection (workspace_id);

CREATE TABLE flow (
    id                        uuid PRIMARY KEY,
    workspace_id              uuid NOT NULL REFERENCES workspace (id),
    source_connection_id      uuid NOT NULL REFERENCES connection (id),
    destination_connection_id uuid NOT NULL REFERENCES connection (id),
    settings                  jsonb NOT NULL,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    CHECK (source_connection_id <> destination_connection_id)
);
CREATE INDEX flow_source ON flow (source_connection_id);

-- The latest version of every record received from a source. The same content received again is not a new version.
CREATE TABLE source_record (
    id            bigserial PRIMARY KEY,
    connection_id uuid NOT NULL REFERENCES connection (id),
    record_type   text NOT NULL,
    source_id     text NOT NULL,
    natural_key   text,
    version       bigint NOT NULL,
    payload       text NOT NULL,   -- Jackson writes a record the same way every time: equal text is equal content
    received_at   timestamptz NOT NULL,
    UNIQUE (connection_id, record_type, source_id)
);
CREATE INDEX source_record_natural_key ON source_record (connection_id, record_type, natural_key);

-- One record to sync once through one flow. See Lifecycle.java for the statuses and their transitions.
CREATE TABLE sync_event (
    id                        bigserial PRIMARY KEY,
    workspace_id              uuid NOT NULL REFERENCES workspace (id),
    flow_id                   uuid NOT NULL REFERENCES flow (id),
    destination_connection_id uuid NOT NULL REFERENCES connection (id),
    record_type               text NOT NULL,
    source_id                 text NOT NULL,
    record_id                 bigint NOT NULL REFERENCES source_record (id),
    priority                  smallint NOT NULL,
    status                    text NOT NULL CHECK (status IN ('PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'SKIPPED')),
    wait_reason               text,
    next_attempt_at           timestamptz NOT NULL,
    blocked_by                bigint REFERENCES sync_event (id),
    cause_event_id            bigint REFERENCES sync_event (id),
    attempts                  integer NOT NULL DEFAULT 0,
    retry_count               integer NOT NULL DEFAULT 0,
    uncertain                 boolean NOT NULL DEFAULT false,
    error_code                text,
    error_details             jsonb,
    error_vendor_message      text,
    skip_reason               text,
    destination_id            text,
    lease_owner               text,
    lease_until               timestamptz,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL
);
-- The claim statement's index: due, unblocked Pending events in dependency order.
CREATE INDEX sync_event_due ON sync_event (priority, next_attempt_at, id) WHERE status = 'PENDING' AND blocked_by IS NULL;
-- At most one Pending and at most one Processing event per (flow, record): one write in flight per record.
CREATE UNIQUE INDEX sync_event_one_pending ON sync_event (flow_id, record_type, source_id) WHERE status = 'PENDING';
CREATE UNIQUE INDEX sync_event_one_processing ON sync_event (flow_id, record_type, source_id) WHERE status = 'PROCESSING';
CREATE INDEX sync_event_record ON sync_event (flow_id, record_type, source_id, id DESC);
CREATE INDEX sync_event_lease ON sync_event (lease_owner, lease_until) WHERE status = 'PROCESSING';
CREATE INDEX sync_event_blocked_by ON sync_event (blocked_by) WHERE blocked_by IS NOT NULL;
CREATE INDEX sync_event_cause ON sync_event (cause_event_id) WHERE cause_event_id IS NOT NULL;
CREATE INDEX sync_event_workspace ON sync_event (workspace_id, status, id DESC);
CREATE INDEX sync_event_waiting_connection ON sync_event (destination_connection_id) WHERE status = 'PENDING';

-- Every try at a destination: what was sent, what came back, how it ended.
CREATE TABLE sync_attempt (
    id              bigserial PRIMARY KEY,
    event_id        bigint NOT NULL REFERENCES sync_event (id),
    number          integer NOT NULL,
    node            text,
    idempotency_key text,
    operation       text,
    request         text,
    response        text,
    outcome         text NOT NULL,
    error_code      text,
    started_at      timestamptz,
    finished_at     timestamptz NOT NULL
);
CREATE INDEX sync_attempt_event ON sync_attempt (event_id, id);

-- Source record -> destination record, per flow and record type; products are keyed by SKU.
CREATE TABLE mapping (
    flow_id        uuid NOT NULL REFERENCES flow (id),
    record_type    text NOT NULL,
    source_key     text NOT NULL,
    destination_id text NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    -- source_key first: lookups come with a list of keys, and the index must be used for them whatever the
    -- statistics say (a backlog fills this table faster than autovacuum analyzes it).
    PRIMARY KEY (source_key, flow_id, record_type)
);

-- Where a polling source continues from.
CREATE TABLE source_cursor (
    connection_id uuid NOT NULL REFERENCES connection (id),
    record_type   text NOT NULL,
    position      text NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (connection_id, record_type)
);

-- Webhook deliveries as received; the same delivery id twice is one row, so one event.
CREATE TABLE webhook_inbox (
    connection_id uuid NOT NULL REFERENCES connection (id),
    delivery_id   text NOT NULL,
    received_at   timestamptz NOT NULL,
    payload       text NOT NULL,
    processed_at  timestamptz,
    PRIMARY KEY (connection_id, delivery_id)
);

-- Concurrency slots per connection, shared by all nodes; an expired slot is free again.
CREATE TABLE connection_permit (
    connection_id uuid NOT NULL,
    slot          integer NOT NULL,
    holder        text,
    expires_at    timestamptz,
    PRIMARY KEY (connection_id, slot)
);

-- Bucket4j's token buckets for the per-minute and per-day limits of each connection.
CREATE TABLE rate_limit_bucket (
    id         text PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
