-- Texts the relay sends a booking on its own, as SQLite's migration 0006 has them: one row per
-- (booking, kind), so planning a booking again never doubles a text. A job is claimed (`sending`,
-- `updated_at` = the claim) before its text leaves and marked `sent` after; one left `sending` by a
-- relay that died may have gone out, so it is never retried on its own (a person checks).
CREATE TABLE scheduled_messages (
  booking_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('confirmation', 'depositLink', 'depositReminder', 'eventReminder', 'balanceReminder', 'reviewRequest')),
  due_at TEXT NOT NULL,
  -- The event date the job was planned for: a pending reminder moves only when the date does.
  event_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'cancelled', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  sent_message_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (booking_id, kind)
);
-- The runners' question: pending jobs due by now, oldest first.
CREATE INDEX scheduled_messages_due ON scheduled_messages (due_at, booking_id, kind) WHERE status = 'pending';
CREATE INDEX scheduled_messages_sending ON scheduled_messages (updated_at) WHERE status = 'sending';
