-- What each device set in motion (texts, Stripe deposit links, new records), for its hourly quotas,
-- as SQLite's migration 0008 has it.
CREATE TABLE device_actions (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('text', 'checkout', 'create')),
  at TEXT NOT NULL,
  collection TEXT NOT NULL,
  document_id TEXT NOT NULL
);
CREATE INDEX device_actions_recent ON device_actions (device_id, kind, at);
CREATE INDEX device_actions_at ON device_actions (at);
