-- What each device set in motion (texts, Stripe deposit links), for its hourly quotas: a stolen
-- device token must not turn the business's number into an SMS cannon.
CREATE TABLE device_actions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('text', 'checkout', 'create')),
  at TEXT NOT NULL,
  collection TEXT NOT NULL,
  document_id TEXT NOT NULL
);
CREATE INDEX device_actions_recent ON device_actions (device_id, kind, at);

-- Every change a device made that the relay accepted: which device, when, which fields.
CREATE TABLE device_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  device_id TEXT NOT NULL,
  device_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'frontdesk')),
  collection TEXT NOT NULL,
  document_id TEXT NOT NULL,
  fields TEXT NOT NULL CHECK (json_valid(fields))
);
CREATE INDEX device_changes_document ON device_changes (collection, document_id, seq);

-- Numbers that opted out of texts (STOP), kept by the relay apart from the customer records
-- devices edit, so changing or duplicating a customer never makes an opted-out number textable.
CREATE TABLE sms_opt_outs (
  phone TEXT PRIMARY KEY,
  opted_out_at TEXT NOT NULL
);
INSERT OR IGNORE INTO sms_opt_outs (phone, opted_out_at)
  SELECT json_extract(body, '$.phone'), updated_at FROM documents
  WHERE collection = 'customers' AND deleted = 0 AND json_extract(body, '$.smsOptOut') = 1
    AND json_extract(body, '$.phone') IS NOT NULL;
