-- Every change a device made that the relay accepted, as SQLite's device_changes: which device,
-- when, which document and which fields (names only, never values).
CREATE TABLE device_changes (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TEXT NOT NULL,
  device_id TEXT NOT NULL,
  device_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'frontdesk')),
  collection TEXT NOT NULL,
  document_id TEXT NOT NULL,
  fields JSONB NOT NULL
);
CREATE INDEX device_changes_document ON device_changes (collection, document_id, seq);
CREATE INDEX device_changes_device ON device_changes (device_id, seq);
CREATE INDEX device_changes_at ON device_changes (at);
