-- The dashboard's people and their sign-in sessions. Owned by the dashboard module (ledgerbridge-dashboard);
-- numbered 100 so that the store's own migrations (V1, V2, ...) stay below it.

-- A person who signs in to one workspace's dashboard. Passwords are kept only as bcrypt hashes.
CREATE TABLE workspace_user (
    id                uuid PRIMARY KEY,
    workspace_id      uuid NOT NULL REFERENCES workspace (id),
    email             text NOT NULL,
    password_hash     text NOT NULL,
    created_at        timestamptz NOT NULL,
    last_signed_in_at timestamptz
);
-- One person per email address, whatever its case.
CREATE UNIQUE INDEX workspace_user_email ON workspace_user (lower(email));
CREATE INDEX workspace_user_workspace ON workspace_user (workspace_id);

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a database leak does not
-- let anyone in. Every form carries csrf_token. The flash is one message shown on the next page, then cleared.
CREATE TABLE dashboard_session (
    token_hash  text PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES workspace_user (id) ON DELETE CASCADE,
    csrf_token  text NOT NULL,
    flash_kind  text CHECK (flash_kind IN ('NOTICE', 'REFUSAL')),
    flash_text  text,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX dashboard_session_user ON dashboard_session (user_id);
CREATE INDEX dashboard_session_expiry ON dashboard_session (expires_at);
