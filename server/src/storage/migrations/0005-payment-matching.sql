-- Plaid transactions exactly as /transactions/sync returned them: the matcher reads fields the
-- `transactions` documents leave out (payer, counterparties, categories). Plaid's sign is kept:
-- a positive `amount` is money leaving the account.
CREATE TABLE plaid_raw_transactions (
  transaction_id TEXT PRIMARY KEY,
  body TEXT NOT NULL CHECK (json_valid(body)),
  removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
  received_at TEXT NOT NULL
);

-- The money a bank transaction currently adds to a booking: at most one row per transaction, so
-- applying the same decision again changes nothing, and a reversal knows exactly what to take back.
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
CREATE INDEX payment_applications_booking ON payment_applications (booking_id);
