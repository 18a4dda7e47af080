import { describe, expect, it } from 'vitest'
import { REDACTED, redactDeep, redactText } from './redact'

describe('log redaction', () => {
  it('scrubs phone numbers in the forms customers and providers write them', () => {
    for (const phone of ['+14085550199', '(408) 555-0199', '408-555-0199', '408.555.0199', '4085550199', '1-408-555-0199']) {
      expect(redactText(`call back ${phone} today`)).toBe(`call back ${REDACTED} today`)
    }
  })

  it('leaves dates, amounts and long ids alone', () => {
    const text = 'booking 2026-12-12 total 1650.00 extension 62264425016'
    expect(redactText(text)).toBe(text)
  })

  it('scrubs e-mail addresses, bearer tokens, provider secrets and JWTs', () => {
    expect(redactText('from dana@example.com')).toBe(`from ${REDACTED}`)
    expect(redactText('Authorization: Bearer U1BCMDFUMDRKV1Mw')).toBe(`Authorization: Bearer ${REDACTED}`)
    expect(redactText('key sk_test_51Habc123XYZ')).toBe(`key ${REDACTED}`)
    expect(redactText('secret whsec_abcdef123456')).toBe(`secret ${REDACTED}`)
    expect(redactText('device sbd_Q7mX2pL9vR4wZ8kN3tY6hB1 refused')).toBe(`device ${REDACTED} refused`)
    expect(redactText('token access-sandbox-8ab976e6-64bc-4b38')).toBe(`token ${REDACTED}`)
    expect(redactText('jwt eyJhbGciOiJFUzI1NiJ9.eyJpYXQiOjF9.c2lnbmF0dXJl')).toBe(`jwt ${REDACTED}`)
    expect(redactText('/devices/pair?code=ABC123&x=1')).toBe(`/devices/pair?code=${REDACTED}&x=1`)
  })

  it('replaces fields that hold names, messages and credentials whole, at any depth', () => {
    const entry = {
      booking: { id: 'bk_1', customerName: 'Dana Whitfield', totalCents: 165000 },
      message: { text: 'This is Dana, my address is 12 Elm St' },
      headers: { Authorization: 'Bearer abc', 'content-type': 'application/json' },
      parties: [{ from: { name: 'WIRELESS CALLER', phoneNumber: '+14085550199' } }],
      note: null,
    }
    expect(redactDeep(entry)).toEqual({
      booking: { id: 'bk_1', customerName: REDACTED, totalCents: 165000 },
      message: { text: REDACTED },
      headers: { Authorization: REDACTED, 'content-type': 'application/json' },
      parties: [{ from: { name: REDACTED, phoneNumber: REDACTED } }],
      note: null,
    })
  })

  it('copes with cycles and errors', () => {
    const cyclic: Record<string, unknown> = { id: 'x' }
    cyclic.self = cyclic
    expect(redactDeep(cyclic)).toEqual({ id: 'x', self: '[…]' })
    const error = new Error('could not text +14085550199')
    expect(redactDeep(error)).toMatchObject({ type: 'Error', message: `could not text ${REDACTED}` })
  })

  it('replaces SMS bodies and transcripts under keys named in any style', () => {
    const entry = {
      smsText: 'Hi, can you do 30 people on Saturday?',
      reply_text: 'Yes, we can.',
      rawBody: '{"subject":"hello"}',
      transcriptText: 'I need to speak to a manager',
      afterCallSummary: 'Caller wants a quote',
      bookingNotes: 'Gate code 4471',
      'content-type': 'application/json',
      bodyLength: 412,
    }
    expect(redactDeep(entry)).toEqual({
      smsText: REDACTED,
      reply_text: REDACTED,
      rawBody: REDACTED,
      transcriptText: REDACTED,
      afterCallSummary: REDACTED,
      bookingNotes: REDACTED,
      'content-type': 'application/json',
      bodyLength: 412,
    })
  })

  it('replaces message bodies and transcripts under keys nobody foresaw, by how they read', () => {
    // A RingCentral SMS, a Deepgram result and an OpenAI turn, logged under made-up keys.
    const entry = {
      payload: { event: '/restapi/v1.0/account/~/extension/62264425016/message-store/instant?type=SMS', x1: 'Hi this is Dana, do you cater in Fremont?' },
      result: { channel: { alternatives: [{ said: 'my name is Dana Whitfield and I want to book', confidence: 0.98 }] } },
      turn: { role: 'user', what: 'Can you call me back tomorrow morning please' },
      kind: 'instant_sms',
      status: 'pending',
      reason: 'the signature is older than five minutes',
    }
    const redacted = redactDeep(entry) as typeof entry
    expect(redacted.payload.x1).toBe(REDACTED)
    expect(redacted.result.channel.alternatives[0]).toEqual({ said: REDACTED, confidence: 0.98 })
    expect(redacted.turn).toEqual({ role: 'user', what: REDACTED })
    // Operational fields stay readable: event paths, enums, and the relay's own explanations.
    expect(redacted.payload.event).toBe(entry.payload.event)
    expect(redacted).toMatchObject({ kind: 'instant_sms', status: 'pending', reason: entry.reason })
    expect(JSON.stringify(redacted)).not.toMatch(/Dana|Fremont|tomorrow/)
  })
})
