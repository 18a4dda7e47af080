/**
 * Deposit links: a Stripe Checkout Session per attempt, created through the official SDK with the
 * booking id as `client_reference_id`. The attempt number is the count of links already on the
 * booking's timeline, so the idempotency key is stable until a link is stored: a crash between
 * Stripe's answer and our write gets the same session back instead of a second one. The key also
 * carries a digest of the parameters: Stripe refuses a key reused with other parameters
 * (`idempotency_error`), and a deposit changed meanwhile must get a session for the new amount.
 */
import { createHash } from 'node:crypto'
import type Stripe from 'stripe'
import { formatEventDate } from '../../../src/domain/bookings'
import { hasStaleDepositLink, isDepositUnpaid, needsDepositLink, withdrawnLinkText } from '../../../src/domain/bookings'
import { formatCents } from '../../../src/domain/money'
import type { Booking, DepositCheckout } from '../../../src/domain/schemas'
import type { BookingRecords } from './booking-records'
import type { ScheduledTexts } from '../storage/contracts'

export interface DepositCheckoutOptions {
  records: BookingRecords
  jobs: ScheduledTexts
  stripe: Stripe
  /** Where Stripe sends the customer after paying. */
  successUrl: string
}

const linkEntryPrefix = 'link-cs'

export class DepositCheckouts {
  constructor(private readonly options: DepositCheckoutOptions) {}

  /** See domain/bookings/deposit-link: the write policy's quotas read the same rule. */
  static needsLink(booking: Booking): boolean {
    return needsDepositLink(booking)
  }

  /** A request for a new link that cannot be honoured (a link is open, or nothing is owed) lapses. */
  static hasLapsedRequest(booking: Booking): boolean {
    return Boolean(booking.depositLinkRequestedAt) && !needsDepositLink(booking)
  }

  static hasStaleLink(booking: Booking): boolean {
    return hasStaleDepositLink(booking)
  }

  /**
   * Expires that link at Stripe so the customer cannot pay the deposit twice. If Stripe refuses
   * because the session was just paid, its completion event is on its way and settles it.
   */
  async withdrawStaleLink(booking: Booking): Promise<void> {
    const offered = booking.depositCheckout
    if (!offered || !DepositCheckouts.hasStaleLink(booking)) return
    const session = await this.options.stripe.checkout.sessions.expire(offered.sessionId)
    if (session.status !== 'expired') return
    await this.options.records.update(booking.id, (current) =>
      current.depositCheckout?.sessionId === offered.sessionId && current.depositCheckout.status === 'open'
        ? {
            changes: { depositCheckout: { ...current.depositCheckout, status: 'expired' } },
            entries: [
              {
                id: `link-withdrawn-${offered.sessionId}`.slice(0, 128),
                kind: 'deposit_link',
                text: withdrawnLinkText(current),
              },
            ],
          }
        : null,
    )
  }

  /**
   * A link the customer can pay now: the open one on the booking, else a new session (stored on
   * the booking with a timeline entry). `sendLink` queues the deposit-link text for a new one.
   */
  async openLink(booking: Booking, { sendLink }: { sendLink: boolean }): Promise<DepositCheckout> {
    const offered = booking.depositCheckout
    const now = this.options.records.now()
    if (offered?.status === 'open' && (!offered.expiresAt || Date.parse(offered.expiresAt) > now.getTime())) return offered
    const attempt = (booking.timeline ?? []).filter((entry) => entry.id.startsWith(linkEntryPrefix)).length + 1
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      client_reference_id: booking.id,
      metadata: { booking_id: booking.id, payment_type: 'deposit' },
      // Stripe copies PaymentIntent metadata to the charge: refunds and disputes name their booking.
      payment_intent_data: { metadata: { booking_id: booking.id, payment_type: 'deposit' } },
      line_items: [
        {
          price_data: {
            currency: 'usd',
            unit_amount: booking.depositCents,
            product_data: { name: `Deposit for ${formatEventDate(booking.eventDate)}` },
          },
          quantity: 1,
        },
      ],
      success_url: this.options.successUrl,
    }
    const digest = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 16)
    const session = await this.options.stripe.checkout.sessions.create(params, { idempotencyKey: `deposit-${booking.id}-${attempt}-${digest}` })
    if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a payment page URL`)
    const checkout: DepositCheckout = {
      sessionId: session.id,
      url: session.url,
      status: 'open',
      createdAt: new Date(session.created * 1000).toISOString(),
      expiresAt: session.expires_at ? new Date(session.expires_at * 1000).toISOString() : null,
    }
    let stored: DepositCheckout = checkout
    await this.options.records.update(booking.id, (current) => {
      // Paid meanwhile, or another link stored first: keep what is there.
      if (!isDepositUnpaid(current) || (current.depositCheckout && current.depositCheckout.sessionId !== offered?.sessionId)) {
        stored = current.depositCheckout ?? checkout
        return null
      }
      return {
        changes: { depositCheckout: checkout, depositLinkRequestedAt: null },
        entries: [
          {
            id: `${linkEntryPrefix}-${session.id}`.slice(0, 128),
            kind: 'deposit_link',
            text: `Deposit link created for ${formatCents(booking.depositCents)} (Stripe Checkout${attempt > 1 ? `, link ${attempt}` : ''}).`,
          },
        ],
      }
    })
    // Only for the link this call stored: another relay that stored it first queued its text, and
    // re-arming a text already sent would send it twice. (A stop right here leaves the link
    // untexted; the deposit reminder carries it.)
    if (sendLink && stored === checkout) await this.options.jobs.rearm(booking.id, booking.eventDate, 'depositLink')
    return stored
  }
}
