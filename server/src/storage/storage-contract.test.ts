/**
 * The storage contract suite on every engine: SQLite always, PostgreSQL when a test database is
 * configured (otherwise its half is skipped, and says why).
 */
import { describe } from 'vitest'
import { auditTrailContract } from './testing/audit-contract'
import { deviceChangeTrailContract } from './testing/device-change-contract'
import { deviceStoreContract } from './testing/device-contract'
import { deviceQuotaContract } from './testing/device-quota-contract'
import { documentQueriesContract } from './testing/document-queries-contract'
import { documentSyncContract } from './testing/document-sync-contract'
import { encryptedRecordsContract } from './testing/encrypted-records-contract'
import { webhookInboxContract } from './testing/inbox-contract'
import { paymentLedgerContract } from './testing/payment-ledger-contract'
import { providerRecordsContract } from './testing/provider-records-contract'
import { scheduledTextsContract } from './testing/scheduled-texts-contract'
import { storageEngines } from './testing/storage-engines'
import { workClaimsContract } from './testing/work-claims-contract'

for (const engine of storageEngines) {
  describe.skipIf(engine.skipReason !== null)(`${engine.name}${engine.skipReason ? ` (skipped: ${engine.skipReason})` : ''}`, () => {
    webhookInboxContract(engine)
    deviceStoreContract(engine)
    documentSyncContract(engine)
    documentQueriesContract(engine)
    scheduledTextsContract(engine)
    deviceQuotaContract(engine)
    auditTrailContract(engine)
    deviceChangeTrailContract(engine)
    paymentLedgerContract(engine)
    providerRecordsContract(engine)
    encryptedRecordsContract(engine)
    workClaimsContract(engine)
  })
}
