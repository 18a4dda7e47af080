import { describe, expect, it } from 'vitest'
import { depositLinkState, withdrawnLinkText } from './deposit-link'

const link = (status: 'open' | 'complete' | 'expired', sessionId = 'cs_sent') => ({
  sessionId, url: `https://checkout.example/${sessionId}`, status, createdAt: '2026-11-20T10:00:00.000Z', expiresAt: null,
})
const payment = (id: string) => ({ id, at: '2026-11-21T10:00:00.000Z', kind: 'payment' as const, actor: 'relay' as const, by: null, text: 'Deposit received.', ref: null })
const booking = { depositCents: 10_000, paidCents: 0, cancelledAt: null, depositLinkRequestedAt: null, timeline: [], depositCheckout: link('open') }

describe('a deposit link that is no longer needed', () => {
  it('says a card payment through another checkout paid it, not "another way"', () => {
    const paidByCard = { ...booking, paidCents: 10_000, timeline: [payment('pay-stripe-cs_other')] }
    expect(withdrawnLinkText(paidByCard)).toBe('Deposit link withdrawn: the deposit was paid by card through another Stripe checkout.')
    const paidByZelle = { ...booking, paidCents: 10_000, timeline: [payment('pay-bank-tx_1')] }
    expect(withdrawnLinkText(paidByZelle)).toBe('Deposit link withdrawn: the deposit was paid another way.')
    expect(withdrawnLinkText({ ...booking, cancelledAt: '2026-11-22T00:00:00.000Z' })).toBe('Deposit link withdrawn: the booking was cancelled.')
  })

  it('is shown closed, never "expired", once the deposit is paid or the booking cancelled', () => {
    expect(depositLinkState({ ...booking, paidCents: 10_000, depositCheckout: link('expired') })).toEqual({ kind: 'closed', label: 'Closed: the deposit is paid' })
    expect(depositLinkState({ ...booking, cancelledAt: '2026-11-22T00:00:00.000Z', depositCheckout: link('expired') })?.kind).toBe('closed')
    expect(depositLinkState({ ...booking, paidCents: 10_000, depositCheckout: link('complete') })).toEqual({ kind: 'paid', label: 'Paid through the link' })
  })

  it('is expired only while the deposit is still owed', () => {
    expect(depositLinkState({ ...booking, depositCheckout: link('expired') })).toEqual({ kind: 'expired', label: 'Expired unpaid' })
    expect(depositLinkState({ ...booking, depositCheckout: link('expired'), depositLinkRequestedAt: '2026-11-23T00:00:00.000Z' })?.label).toContain('a new link was asked for')
    expect(depositLinkState(booking)).toEqual({ kind: 'open', label: 'Sent, waiting for payment' })
    expect(depositLinkState({ ...booking, depositCheckout: null })).toBeNull()
  })
})
