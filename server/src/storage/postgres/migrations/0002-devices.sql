-- Paired consoles and one-time pairing codes, as SQLite's migration 0004 has them: only SHA-256
-- digests of tokens and codes are kept.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'frontdesk')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT,
  revoked_at TEXT
);

CREATE TABLE pairing_codes (
  code_hash TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('owner', 'frontdesk')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  device_id TEXT REFERENCES devices (id)
);
