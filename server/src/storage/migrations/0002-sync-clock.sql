-- The relay's sync clock: every document write takes a strictly later `updated_at` than the one
-- before it, so a pull checkpoint never skips a document written in the same millisecond.
CREATE TABLE sync_clock (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  last_updated_at TEXT NOT NULL
);
INSERT INTO sync_clock (only_row, last_updated_at) VALUES (1, '1970-01-01T00:00:00.000Z');
