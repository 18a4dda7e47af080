import { describe, expect, it } from 'vitest'
import { parseStripeForm } from './form-body'

describe('parseStripeForm', () => {
  it('rebuilds bracket-nested objects and arrays as the Stripe SDK encodes them', () => {
    const body =
      'mode=payment&client_reference_id=bk_1&metadata[bookingId]=bk_1&line_items[0][price_data][unit_amount]=10000' +
      '&line_items[0][quantity]=1&enabled_events[]=a&enabled_events[]=b'
    expect(parseStripeForm(body)).toEqual({
      mode: 'payment',
      client_reference_id: 'bk_1',
      metadata: { bookingId: 'bk_1' },
      line_items: [{ price_data: { unit_amount: '10000' }, quantity: '1' }],
      enabled_events: ['a', 'b'],
    })
  })
})
