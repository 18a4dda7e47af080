-- The durable webhook inbox, as SQLite's migration 0003 has it. Instants are ISO-8601 UTC text, as on
-- SQLite: they compare in time order as strings, and both engines hand back the same values.
CREATE TABLE webhook_events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider TEXT NOT NULL CHECK (provider IN ('ringcentral', 'stripe', 'plaid')),
  event_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  headers TEXT NOT NULL,
  body BYTEA NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  processed_at TEXT,
  deliveries INTEGER NOT NULL DEFAULT 1,
  -- Dedupe by the provider's event id: a redelivery is an ON CONFLICT, never a second row.
  UNIQUE (provider, event_id)
);

-- The worker's question: pending events due by now, oldest first.
CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at, seq) WHERE status = 'pending';
CREATE INDEX webhook_events_event_id ON webhook_events (event_id);
