-- Refunds and disputes (providers/stripe): a charge event names a PaymentIntent, not a booking.
-- The deposit's PaymentIntent is kept with the applied session so the booking is found locally;
-- how much of each charge the relay already took off a booking makes a repeated or late
-- `charge.refunded` a no-op.
ALTER TABLE stripe_applied_sessions ADD COLUMN payment_intent TEXT;
CREATE INDEX stripe_applied_sessions_payment_intent ON stripe_applied_sessions (payment_intent);

CREATE TABLE stripe_charge_refunds (
  charge_id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL,
  refunded_cents INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
