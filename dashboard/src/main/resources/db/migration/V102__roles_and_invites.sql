-- People of a workspace have a role (issue 14): the owner does everything, an admin all but manage people, a viewer
-- sees everything and changes nothing. People added before roles existed could do everything: they are owners.
ALTER TABLE workspace_user ADD COLUMN role text NOT NULL DEFAULT 'OWNER' CHECK (role IN ('OWNER', 'ADMIN', 'VIEWER'));
ALTER TABLE workspace_user ALTER COLUMN role DROP DEFAULT;

-- An invitation by email: a one-time link (only its SHA-256 is stored) that lets the person set a password and join
-- with the role chosen. Used once, or expired, it lets nobody in.
CREATE TABLE invite (
    token_hash   text PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspace (id),
    email        text NOT NULL,
    role         text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'VIEWER')),
    invited_by   text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz
);
CREATE INDEX invite_workspace ON invite (workspace_id, created_at DESC);
