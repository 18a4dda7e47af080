-- What the relays remember about the providers between events, as SQLite's migrations 0003, 0008
-- and 0011 have it: numbers that replied STOP, Stripe sessions and refunds applied, RingCentral's
-- call sequences and webhook subscription.
CREATE TABLE sms_opt_outs (
  phone TEXT PRIMARY KEY,
  opted_out_at TEXT NOT NULL
);

CREATE TABLE stripe_applied_sessions (
  session_id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  applied_at TEXT NOT NULL,
  payment_intent TEXT
);
CREATE INDEX stripe_applied_sessions_payment_intent ON stripe_applied_sessions (payment_intent);

CREATE TABLE stripe_charge_refunds (
  charge_id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  refunded_cents INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- Telephony events arrive out of order: the highest `sequence` applied per session.
CREATE TABLE ringcentral_call_sequences (
  telephony_session_id TEXT PRIMARY KEY,
  sequence BIGINT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The relays' RingCentral webhook subscription (one row at most).
CREATE TABLE ringcentral_webhook_subscription (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  subscription_id TEXT NOT NULL,
  address TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Missed-call text-backs: at most one per caller's number per business day (a hidden number gets
-- none), kept until due so a restart neither loses nor repeats one.
CREATE TABLE missed_call_text_backs (
  phone TEXT NOT NULL,
  business_day TEXT NOT NULL,
  due_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'written', 'skipped')),
  reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (phone, business_day)
);
CREATE INDEX missed_call_text_backs_due ON missed_call_text_backs (due_at) WHERE status = 'pending';
