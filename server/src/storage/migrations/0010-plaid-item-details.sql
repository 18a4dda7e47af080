-- What the owner sees of each linked bank (institution, accounts, health) and how its syncs go.
-- status: good | login_required | pending_expiration | pending_disconnect | error | removed.
-- A removed Item keeps its row (without a token) so late webhooks for it are recognised and dropped.
ALTER TABLE plaid_items ADD COLUMN institution_id TEXT;
ALTER TABLE plaid_items ADD COLUMN institution_name TEXT;
ALTER TABLE plaid_items ADD COLUMN accounts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE plaid_items ADD COLUMN status TEXT NOT NULL DEFAULT 'good';
ALTER TABLE plaid_items ADD COLUMN error_code TEXT;
ALTER TABLE plaid_items ADD COLUMN status_changed_at TEXT;
ALTER TABLE plaid_items ADD COLUMN consent_expires_at TEXT;
-- sync_state: idle | syncing | failed; sync_pulled counts transactions fetched by the running sync.
ALTER TABLE plaid_items ADD COLUMN sync_state TEXT NOT NULL DEFAULT 'idle';
ALTER TABLE plaid_items ADD COLUMN sync_pulled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plaid_items ADD COLUMN sync_error TEXT;
ALTER TABLE plaid_items ADD COLUMN removed_at TEXT;
