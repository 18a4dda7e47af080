-- Paired consoles. Only a SHA-256 of each device token is kept, so a copy of the database does
-- not let anyone act as a device.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'frontdesk')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT,
  revoked_at TEXT
);

-- One-time pairing codes (hashed as well): single use, short-lived.
CREATE TABLE pairing_codes (
  code_hash TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('owner', 'frontdesk')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  device_id TEXT REFERENCES devices (id)
);

-- Documents only owner devices may see (front-desk pulls filter on this in SQL, so paging and
-- checkpoints stay exact).
ALTER TABLE documents ADD COLUMN owner_only INTEGER NOT NULL DEFAULT 0 CHECK (owner_only IN (0, 1));
CREATE INDEX documents_checkpoint_shared ON documents (collection, owner_only, updated_at, id);
