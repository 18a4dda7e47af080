-- Webhook inbox (architecture §5): every verified delivery is stored here before the relay answers
-- 2xx; a unique (provider, event_id) makes a redelivery a no-op. The worker processes `pending`
-- rows whose `next_attempt_at` has come, with exponential backoff; a row that keeps failing turns
-- `dead` and stays for inspection and replay. `headers` keeps only what an audit needs (never a
-- shared secret such as RingCentral's Verification-Token).
CREATE TABLE webhook_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  provider TEXT NOT NULL CHECK (provider IN ('ringcentral', 'stripe', 'plaid')),
  event_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  headers TEXT NOT NULL CHECK (json_valid(headers)),
  body BLOB NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  processed_at TEXT,
  deliveries INTEGER NOT NULL DEFAULT 1,
  UNIQUE (provider, event_id)
);
CREATE INDEX webhook_events_due ON webhook_events (status, next_attempt_at);

-- Business-effect dedupe for Stripe: one deposit per Checkout Session, even if Stripe sends two
-- distinct events for it.
CREATE TABLE stripe_applied_sessions (
  session_id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  applied_at TEXT NOT NULL
);

-- RingCentral telephony events arrive out of order: the highest `sequence` applied per session,
-- so an older event never overwrites a newer call state.
CREATE TABLE ringcentral_call_sequences (
  telephony_session_id TEXT PRIMARY KEY,
  sequence INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- The relay's own RingCentral webhook subscription (one row at most).
CREATE TABLE ringcentral_webhook_subscription (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  subscription_id TEXT NOT NULL,
  address TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Linked Plaid Items: access token (plain for now; encryption at rest comes later) and the
-- `/transactions/sync` cursor, saved only after a whole sync has been applied.
CREATE TABLE plaid_items (
  item_id TEXT PRIMARY KEY,
  access_token TEXT NOT NULL,
  sync_cursor TEXT,
  linked_at TEXT NOT NULL,
  synced_at TEXT
);
