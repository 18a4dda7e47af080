/**
 * A booking's timeline tells the story of its bank money: "received" when a deposit starts to
 * count on the booking, and "no longer counts" when a person rejects it, undoes the acceptance,
 * moves it to another booking or the bank removes it — as often as that happens. Pure: the relay
 * passes the timeline and the payments that count now; this returns the entries to add.
 */
import type { TimelineEntry } from '../schemas/bookings'

/** A bank (or cash/check) payment that counts on the booking now. */
export interface CountingBankPayment {
  /** The payment match behind it (`pm_…`). */
  matchId: string
  transactionId: string
  /** "$100.00 received by Venmo (deposit, accepted by Owner laptop)." */
  text: string
}

export type TimelineAddition = Pick<TimelineEntry, 'id' | 'kind' | 'text' | 'ref'>

const receivedPrefix = 'pay-bank-'
const reversedPrefix = 'pay-bank-reversed-'

const refOf = (matchId: string) => `paymentMatches/${matchId}`.slice(0, 200)
const numbered = (base: string, n: number) => (n <= 1 ? base : `${base}~${n}`).slice(0, 128)

/**
 * Entries that bring the timeline in line with `counting`: one "received" for each payment that
 * counts and is not shown as counting, one reversal for each shown as counting that no longer
 * does. `whyReversed` says what happened to a payment's match ("rejected by Owner laptop").
 */
export function bankPaymentEntries(
  timeline: readonly TimelineEntry[],
  counting: readonly CountingBankPayment[],
  whyReversed: (matchId: string) => string,
): TimelineAddition[] {
  const received = new Map<string, TimelineEntry[]>()
  const reversed = new Map<string, number>()
  for (const entry of timeline) {
    if (entry.kind !== 'payment' || !entry.ref?.startsWith('paymentMatches/')) continue
    if (entry.id.startsWith(reversedPrefix)) reversed.set(entry.ref, (reversed.get(entry.ref) ?? 0) + 1)
    else if (entry.id.startsWith(receivedPrefix)) received.set(entry.ref, [...(received.get(entry.ref) ?? []), entry])
  }
  const additions: TimelineAddition[] = []
  const countingRefs = new Set<string>()
  for (const payment of counting) {
    const ref = refOf(payment.matchId)
    countingRefs.add(ref)
    const times = received.get(ref)?.length ?? 0
    if (times - (reversed.get(ref) ?? 0) > 0) continue
    additions.push({ id: numbered(`${receivedPrefix}${payment.transactionId}`, times + 1), kind: 'payment', text: payment.text, ref })
  }
  for (const [ref, entries] of received) {
    const undone = reversed.get(ref) ?? 0
    if (countingRefs.has(ref) || entries.length - undone <= 0) continue
    const last = entries.at(-1)!
    const transactionId = last.id.slice(receivedPrefix.length).replace(/~\d+$/, '')
    additions.push({
      id: numbered(`${reversedPrefix}${transactionId}`, undone + 1),
      kind: 'payment',
      text: `Reversed: ${last.text.replace(/\.$/, '')} no longer counts on this booking — ${whyReversed(ref.slice('paymentMatches/'.length))}.`,
      ref,
    })
  }
  return additions
}

/** Why a match's money left a booking, from the match as it is now. */
export function reversalReason(
  match: { status: string; bookingId: string | null; decidedBy: string | null } | null,
  bookingId: string,
  transactionRemoved: boolean,
): string {
  const by = match?.decidedBy && match.decidedBy !== 'matcher' ? ` by ${match.decidedBy}` : ''
  if (transactionRemoved) return 'the bank removed the transaction'
  if (!match) return 'its match was deleted'
  if (match.status === 'rejected') return `rejected${by}`
  if ((match.status === 'accepted' || match.status === 'auto_accepted') && match.bookingId && match.bookingId !== bookingId) return `matched to another booking${by}`
  if (match.status === 'needs_review' || match.status === 'unmatched') return 'the acceptance was undone; it waits for review'
  if (match.status === 'ignored') return 'marked as not a customer payment'
  return 'it was taken back'
}
