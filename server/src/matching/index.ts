/**
 * One payment-matching service per document store. The relay attaches it when it is built; the
 * Plaid sync handler finds it through the store it writes to, so the two share one transaction.
 */
import type { DocumentStore } from '../storage/document-store'
import { PaymentMatchingService, type PaymentMatchingDependencies } from './payment-matching-service'

export { PaymentMatchingService, paymentMatchIdFor, matcherName, type PlaidChanges } from './payment-matching-service'

const services = new WeakMap<DocumentStore, { service: PaymentMatchingService; stop: () => void }>()

/** Starts payment matching over `documents` (once per store); returns a function that stops it. */
export function attachPaymentMatching(dependencies: PaymentMatchingDependencies): () => void {
  const existing = services.get(dependencies.documents)
  if (existing) return () => {}
  const service = new PaymentMatchingService(dependencies)
  const stop = service.start()
  services.set(dependencies.documents, { service, stop })
  return () => {
    stop()
    services.delete(dependencies.documents)
  }
}

/** The service attached to `documents`, if the relay attached one. */
export function paymentMatchingFor(documents: DocumentStore): PaymentMatchingService | undefined {
  return services.get(documents)?.service
}
