/**
 * Payment matching: the matcher and the decisions' money as steps of a unit of work
 * (./payment-matching.ts), and the relay service that follows every decision (./payment-matching-service.ts).
 */
export { PaymentMatchingService, type PaymentMatchingDependencies } from './payment-matching-service'
export { PaymentMatching, paymentMatchIdFor, matcherName, type PlaidChanges } from './payment-matching'
