-- Missed-call text-backs: at most one per caller's number per business day (the primary key), kept
-- until due (quiet hours delay them) so a restart neither loses nor repeats one.
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
CREATE INDEX missed_call_text_backs_due ON missed_call_text_backs (status, due_at);
