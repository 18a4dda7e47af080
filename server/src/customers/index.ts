/** Builds the relay's customer linking (calls and threads follow the record of their number). */
import { subsystemLogger, type Logger } from '../logging/logger'
import type { DocumentQueries, DocumentSync } from '../storage/contracts'
import { CustomerLinks } from './customer-links'

export { CustomerLinks } from './customer-links'

export function createCustomerLinks({ documents, queries, logger }: { documents: DocumentSync; queries: DocumentQueries; logger: Logger }): CustomerLinks {
  return new CustomerLinks({ documents, queries, logger: subsystemLogger(logger, 'customers') })
}
