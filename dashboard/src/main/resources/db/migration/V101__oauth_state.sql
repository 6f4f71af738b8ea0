-- OAuth round trips under way: a person pressed Connect or Reconnect and was sent to the vendor's consent page with a
-- random state; the vendor sends the browser back to /oauth/callback with it. Kept in the database, not in one node's
-- memory, so that any node can take the callback. Only the SHA-256 of the state is stored. A row is used once
-- (used_at), and only by the session that started it, within ten minutes; old rows are deleted by later round trips.
CREATE TABLE oauth_state (
    state_hash    text PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspace (id),
    session_key   text NOT NULL,                     -- dashboard_session.token_hash of the person who started it
    purpose       text NOT NULL CHECK (purpose IN ('CONNECT', 'RECONNECT')),
    system        text NOT NULL,                     -- quickbooks, hubspot, ...
    connection_id uuid REFERENCES connection (id) ON DELETE CASCADE,   -- RECONNECT: the connection
    name          text,                              -- CONNECT: the new connection's name
    settings      jsonb NOT NULL DEFAULT '{}',       -- CONNECT: the new connection's first settings (endpoints; no secret)
    redirect_uri  text NOT NULL,                     -- sent to the vendor; the token exchange must repeat it exactly
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    CHECK ((purpose = 'RECONNECT') = (connection_id IS NOT NULL)),
    CHECK ((purpose = 'CONNECT') = (name IS NOT NULL))
);
CREATE INDEX oauth_state_expiry ON oauth_state (expires_at);
