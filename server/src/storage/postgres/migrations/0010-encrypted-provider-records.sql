-- Provider sign-ins kept sealed with the relay key (storage/secret-box.ts), as SQLite's
-- plaid_items and ringcentral_auth: a copy of the database alone holds no token.

-- Linked Plaid Items. status: good | login_required | pending_expiration | pending_disconnect |
-- error | removed; a removed Item keeps its row, without a token, so late webhooks are recognised.
CREATE TABLE plaid_items (
  item_id TEXT PRIMARY KEY,
  access_token TEXT NOT NULL,
  sync_cursor TEXT,
  linked_at TEXT NOT NULL,
  synced_at TEXT,
  institution_id TEXT,
  institution_name TEXT,
  accounts JSONB NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'good'
    CHECK (status IN ('good', 'login_required', 'pending_expiration', 'pending_disconnect', 'error', 'removed')),
  error_code TEXT,
  status_changed_at TEXT,
  consent_expires_at TEXT,
  sync_state TEXT NOT NULL DEFAULT 'idle' CHECK (sync_state IN ('idle', 'syncing', 'failed')),
  sync_pulled INTEGER NOT NULL DEFAULT 0,
  sync_error TEXT,
  removed_at TEXT
);

-- The RingCentral SDK's sign-in, one row per SDK cache key.
CREATE TABLE ringcentral_auth (
  cache_key TEXT PRIMARY KEY,
  sealed TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
