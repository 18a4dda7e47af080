-- Synced documents and the relay clock, as SQLite's migrations 0001, 0002 and 0004 have them.
-- `updated_at` is an ISO-8601 instant assigned by the relay (never a client): with `id`, the sync
-- checkpoint. COLLATE "C" makes text order byte order, as on SQLite, so checkpoints compare alike.
CREATE TABLE documents (
  collection TEXT COLLATE "C" NOT NULL,
  id TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  deleted BOOLEAN NOT NULL DEFAULT FALSE,
  owner_only BOOLEAN NOT NULL DEFAULT FALSE,
  body TEXT NOT NULL,
  PRIMARY KEY (collection, id)
);
CREATE INDEX documents_checkpoint ON documents (collection, updated_at, id);
CREATE INDEX documents_checkpoint_shared ON documents (collection, owner_only, updated_at, id);
-- Other relays catch up on everything after the last change they saw.
CREATE INDEX documents_updated_at ON documents (updated_at);

-- One row: every write takes a strictly later `updated_at` than any before it, on any relay. The
-- writing transaction holds this row until it commits, so changes commit in `updated_at` order
-- and a pull checkpoint never steps over one that commits late.
CREATE TABLE sync_clock (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  last_updated_at TEXT COLLATE "C" NOT NULL
);
INSERT INTO sync_clock (only_row, last_updated_at) VALUES (1, '1970-01-01T00:00:00.000Z');
