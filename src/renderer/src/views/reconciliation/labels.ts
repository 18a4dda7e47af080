import type { PaymentMatch } from '../../../../domain/schemas'

export const statusLabels: Record<PaymentMatch['status'], string> = {
  needs_review: 'Needs review',
  unmatched: 'Unmatched',
  auto_accepted: 'Auto-accepted',
  accepted: 'Accepted',
  // Rejected money is unmatched money; the hint says who rejected it.
  rejected: 'Unmatched',
  ignored: 'Ignored',
}

export const paymentTypeLabels: Record<NonNullable<PaymentMatch['paymentType']>, string> = {
  deposit: 'Deposit',
  full: 'Full price',
  balance: 'Balance',
  balance_with_tip: 'Balance + tip',
}
