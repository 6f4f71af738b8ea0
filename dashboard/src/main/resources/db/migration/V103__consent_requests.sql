-- Consent requests started over the API or the command line (issue 14): no dashboard session started them, so the
-- state itself is the proof when the vendor's callback comes back, and the outcome is kept for the program to read.
ALTER TABLE oauth_state ALTER COLUMN session_key DROP NOT NULL;
ALTER TABLE oauth_state
    ADD COLUMN request_id         uuid UNIQUE,                     -- set for requests; the id the API answers with
    ADD COLUMN actor              text,                            -- who asked (the API key's name, or the CLI)
    ADD COLUMN outcome            text CHECK (outcome IN ('CONNECTED', 'FAILED')),
    ADD COLUMN outcome_connection uuid REFERENCES connection (id) ON DELETE SET NULL,
    ADD COLUMN outcome_reason     text,
    ADD CONSTRAINT oauth_state_started_by CHECK ((session_key IS NULL) = (request_id IS NOT NULL));
