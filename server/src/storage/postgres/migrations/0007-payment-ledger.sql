-- Plaid transactions exactly as /transactions/sync returned them, and the money each currently adds
-- to a booking, as SQLite's migration 0005 has them. Plaid's JSON is kept as text, byte for byte.
CREATE TABLE plaid_raw_transactions (
  transaction_id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  removed BOOLEAN NOT NULL DEFAULT FALSE,
  received_at TEXT NOT NULL
);

-- At most one row per transaction, whichever relay applies it: money is never counted twice.
CREATE TABLE payment_applications (
  transaction_id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  payment_type TEXT NOT NULL,
  -- The booking's status just before this payment counted, to fall back to on a reversal.
  status_before TEXT NOT NULL,
  decided_by TEXT,
  applied_at TEXT NOT NULL
);
CREATE INDEX payment_applications_booking ON payment_applications (booking_id, applied_at);
