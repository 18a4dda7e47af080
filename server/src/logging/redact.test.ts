import { describe, expect, it } from 'vitest'
import { canaries } from './leak-scan'
import { REDACTED, percentDecoded, redactDeep, redactText, redactUrl } from './redact'

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

  it('sees through percent-encoding, form encoding and double encoding', () => {
    expect(percentDecoded('Octavia%20Brightwater%2C%20%2B14155550142')).toBe('Octavia Brightwater, +14155550142')
    expect(percentDecoded('%252B14155550142')).toBe('+14155550142')
    expect(percentDecoded('100% sure, %E0%A4 stays')).toBe('100% sure, %E0%A4 stays')
    for (const hidden of ['%2B14155550142', '%252B14155550142', 'octavia.b%40example.com', 'octavia.b%2540example.com', '%28415%29%20555-0142']) {
      expect(redactText(`GET /lookup/${hidden}/history`)).toBe(`GET /lookup/${REDACTED}/history`)
    }
    // Text without anything hidden stays as it was written, escapes and all.
    expect(redactText('/sync/customers/pull?checkpoint=%7B%22id%22%3A%22cus_1%22%7D&limit=100')).toBe(
      '/sync/customers/pull?checkpoint=%7B%22id%22%3A%22cus_1%22%7D&limit=100',
    )
  })

  it('drops the value of query parameters named for people or secrets, in any encoding', () => {
    for (const query of [
      'name=Octavia+Brightwater',
      'customerName=Octavia%20Brightwater',
      'phone=%2B14155550142',
      'email=octavia%40example.com',
      'text=Hi%2C+this+is+Octavia',
      'access_token=abc123',
      'x=1&code=ABCD-EFGH',
      'token=sbd_canaryQ7mX2pL9vR4wZ8kN3tY6hB1',
    ]) {
      const logged = redactText(`POST /webhooks/stripe?${query}`)
      expect(logged, query).toContain(REDACTED)
      expect(logged, query).not.toMatch(/Brightwater|4155550142|octavia%40|octavia@|this\+is|abc123|ABCD-EFGH|canaryQ7/)
    }
    // A value under an innocent name is dropped too when it reads as personal data once decoded.
    expect(redactText('/x?q=%2B1%20415%20555%200142&sort=asc')).toBe(`/x?q=${REDACTED}&sort=asc`)
    expect(redactText('/x?q=Hi%2C%20please%20call%20me%20back&sort=asc')).toBe(`/x?q=${REDACTED}&sort=asc`)
  })

  it('logs request URLs with only known operational query values kept', () => {
    expect(redactUrl('/sync/bookings/pull?checkpoint=%7B%22id%22%3A%22bk_1%22%7D&limit=100')).toBe(
      '/sync/bookings/pull?checkpoint=%7B%22id%22%3A%22bk_1%22%7D&limit=100',
    )
    expect(redactUrl('/webhooks/stripe?q=Octavia+Brightwater&who=Brightwater#frag')).toBe(`/webhooks/stripe?q=${REDACTED}&who=${REDACTED}`)
    expect(redactUrl('/customers/Octavia%40example.com?limit=5')).toBe(`/customers/${REDACTED}?limit=5`)
    expect(redactUrl('/x?Brightwater%2B14155550142')).toBe(`/x?${REDACTED}`)
    const encoded = encodeURIComponent(canaries.customerText)
    expect(redactUrl(`/webhooks/ringcentral?${encoded}=1`)).toBe(`/webhooks/ringcentral?${REDACTED}=${REDACTED}`)
  })
})
