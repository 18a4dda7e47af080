-- Synced documents (architecture §3): one row per document of every collection. The relay is the
-- master copy; `updated_at` (assigned here, never by a client) plus `id` is the sync checkpoint.
CREATE TABLE documents (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  body TEXT NOT NULL CHECK (json_valid(body)),
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;

CREATE INDEX documents_checkpoint ON documents (collection, updated_at, id);

-- What the relay refused or decided, kept for inspection (never personal data in clear).
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL CHECK (json_valid(detail))
);
