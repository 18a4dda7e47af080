/** The payment matcher: a pure module shared by the relay and the console. */
export { matchTransactions, type MatchContext, type MatchOutcome, type MatchStatus } from './match-transactions'
export { matchingOptionsFromSettings, minimumAutoAcceptConfidence, type MatchingOptions, type DayWindow } from './options'
export { MatchBooking, MatchBookingList, PlaidTransactionInput, PlaidTransactionList } from './input'
export { compareNames, type NameSimilarity } from './name-similarity'
export { extractPayerNames, paymentRailOf, type PayerName, type PaymentRail } from './payer-names'
export { classifyTransaction, type TransactionKind } from './transaction-kind'
export { amountFits, type AmountFit } from './amount-fit'
export { dateFit, type DateFit } from './date-fit'
