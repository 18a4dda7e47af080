-- Texts the relay sends a booking on its own (confirmation, deposit link, reminders, review
-- request): one row per (booking, kind), so planning a booking again never doubles a text. State
-- lives here rather than in timers, so a restart loses nothing. A job is claimed (`sending`) in
-- one transaction before the text leaves and marked `sent` in another after; a row found
-- `sending` at start-up may have gone out, so it is never retried automatically (a person checks).
CREATE TABLE scheduled_messages (
  booking_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('confirmation', 'depositLink', 'depositReminder', 'eventReminder', 'balanceReminder', 'reviewRequest')),
  due_at TEXT NOT NULL,
  -- The event date the job was planned for: a pending reminder moves only when the date does,
  -- never back over a postponement (quiet hours, a review waiting for the balance).
  event_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'cancelled', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  -- RingCentral's id of the text, once sent.
  sent_message_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (booking_id, kind)
);
CREATE INDEX scheduled_messages_due ON scheduled_messages (status, due_at);
