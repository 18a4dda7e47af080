-- The RingCentral SDK's sign-in (access and refresh tokens), so a restarted relay refreshes it
-- instead of logging in with the JWT again. One row per SDK cache key; `sealed` is encrypted with
-- the relay key kept outside this database (storage/secret-box.ts) and bound to its key.
CREATE TABLE ringcentral_auth (
  cache_key TEXT PRIMARY KEY,
  sealed TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
