/** Builds the relay's customer linking (calls and threads follow the record of their number). */
import { subsystemLogger, type Logger } from '../logging/logger'
import { CustomerDirectory } from '../conversations/customer-directory'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore } from '../storage/document-store'
import { CustomerLinks } from './customer-links'

export { CustomerLinks } from './customer-links'

export function createCustomerLinks({ db, documents, logger, now }: { db: RelayDatabase; documents: DocumentStore; logger: Logger; now?: () => Date }): CustomerLinks {
  return new CustomerLinks({ documents, customers: new CustomerDirectory(db, documents, now ?? (() => new Date())), logger: subsystemLogger(logger, 'customers') })
}
