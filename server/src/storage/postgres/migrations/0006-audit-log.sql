-- What the relay refused or decided, kept for inspection (never personal data in clear), as
-- SQLite's audit_log. The detail is JSON; the questions asked of it by device or merge are indexed.
CREATE TABLE audit_log (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail JSONB NOT NULL
);
CREATE INDEX audit_log_kind_at ON audit_log (kind, at);
CREATE INDEX audit_log_device ON audit_log (kind, (detail->>'deviceId'), at) WHERE detail ? 'deviceId';
