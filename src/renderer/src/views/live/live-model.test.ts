import { getQueryMatcher, normalizeMangoQuery } from 'rxdb'
import { describe, expect, it } from 'vitest'
import { collectionSchemas } from '../../../../domain/schemas'
import type { Booking, Call, Conversation, Customer, Extension, Suggestion, TranscriptSegment } from '../../../../domain/schemas'
import {
  arrangeCalls,
  bookingsForCaller,
  callerBookingsSelector,
  callerIdentity,
  callerName,
  customerForCall,
  formatQuote,
  isFollowingLive,
  liveShortcutFor,
  speakerLabel,
  paymentState,
  queueTextToCaller,
  quotedCents,
  smsBlockedReason,
  stepCall,
  transcriptLines,
  transferBlockedReason,
  transcriptionNotice,
  transferTargets,
  visibleSuggestions,
} from './live-model'

const at = '2026-11-22T18:00:00.000Z'

function call(id: string, status: Call['status'], startedAt: string, endedAt: string | null = null): Call {
  return {
    id,
    updatedAt: at,
    telephonySessionId: `s-${id}`,
    direction: 'inbound',
    fromNumber: '+14085550199',
    toNumber: '+15105550100',
    customerId: null,
    status,
    startedAt,
    endedAt,
    escalated: true,
    escalationReason: null,
    assignedExtensionId: null,
    summary: '',
  }
}

function segment(id: string, startMs: number, endMs: number, isFinal: boolean, text: string, speaker: TranscriptSegment['speaker'] = 'caller'): TranscriptSegment {
  return { id, updatedAt: at, callId: 'c1', speaker, text, startMs, endMs, isFinal }
}

function booking(id: string, overrides: Partial<Booking>): Booking {
  return {
    id,
    updatedAt: at,
    customerId: null,
    customerName: 'Maria Lopez',
    customerPhone: null,
    customerEmail: null,
    eventDate: '2026-12-05',
    eventTime: null,
    adults: 30,
    kids: 0,
    address: null,
    zip: null,
    subtotalCents: 165_000,
    travelFeeCents: 0,
    totalCents: 165_000,
    depositCents: 10_000,
    paidCents: 0,
    status: 'quoted',
    notes: '',
    createdAt: at,
    ...overrides,
  }
}

function customer(id: string, phone: string | null, smsOptOut = false): Customer {
  return { id, updatedAt: at, name: 'Maria Lopez', phone, email: null, notes: '', smsOptOut, createdAt: at }
}

function suggestion(id: string, createdAt: string, overrides: Partial<Suggestion> = {}): Suggestion {
  return { id, updatedAt: at, callId: 'c1', conversationId: null, kind: 'faq', title: 'Answer', text: 'We bring the grill.', status: 'open', createdAt, ...overrides }
}

describe('arrangeCalls', () => {
  it('puts calls on the line first, newest first, then finished calls by when they ended', () => {
    const calls = [
      call('ended-early', 'ended', '2026-11-22T09:00:00.000Z', '2026-11-22T09:05:00.000Z'),
      call('ringing', 'ringing', '2026-11-22T10:00:00.000Z'),
      call('voicemail-late', 'voicemail', '2026-11-22T08:00:00.000Z', '2026-11-22T09:30:00.000Z'),
      call('held', 'on_hold', '2026-11-22T09:50:00.000Z'),
      call('answered', 'answered', '2026-11-22T10:05:00.000Z'),
    ]
    const { active, recent, ordered } = arrangeCalls(calls)
    expect(active.map((c) => c.id)).toEqual(['answered', 'ringing', 'held'])
    expect(recent.map((c) => c.id)).toEqual(['voicemail-late', 'ended-early'])
    expect(ordered.map((c) => c.id)).toEqual(['answered', 'ringing', 'held', 'voicemail-late', 'ended-early'])
  })

  it('keeps only the most recent finished calls', () => {
    const calls = Array.from({ length: 5 }, (_, i) => call(`e${i}`, 'ended', `2026-11-22T0${i}:00:00.000Z`, `2026-11-22T0${i}:10:00.000Z`))
    expect(arrangeCalls(calls, 2).recent.map((c) => c.id)).toEqual(['e4', 'e3'])
  })
})

describe('stepCall', () => {
  const ordered = [{ id: 'a' }, { id: 'b' }, { id: 'c' }]
  it('moves between calls and stops at the ends', () => {
    expect(stepCall(ordered, 'a', 1)).toBe('b')
    expect(stepCall(ordered, 'c', 1)).toBe('c')
    expect(stepCall(ordered, 'a', -1)).toBe('a')
    expect(stepCall(ordered, 'b', -1)).toBe('a')
  })
  it('starts at the first call when none is selected, and has nothing to select in an empty list', () => {
    expect(stepCall(ordered, null, 1)).toBe('a')
    expect(stepCall([], null, 1)).toBeNull()
  })
})

describe('transcriptLines', () => {
  it('orders lines by where they start in the call, whatever order they arrived in', () => {
    const lines = transcriptLines([
      segment('s3', 5000, 6000, true, 'third'),
      segment('s1', 0, 1500, true, 'first'),
      segment('s2', 2000, 4000, true, 'second', 'agent'),
    ])
    expect(lines.map((l) => l.text)).toEqual(['first', 'second', 'third'])
  })

  it('hides an interim result once a final result from the same speaker covers its span', () => {
    const lines = transcriptLines([
      segment('interim-1', 0, 900, false, 'I want to spea'),
      segment('final-1', 0, 1500, true, 'I want to speak to a human'),
      segment('interim-2', 1600, 2000, false, 'for thirty'),
    ])
    expect(lines.map((l) => l.id)).toEqual(['final-1', 'interim-2'])
  })

  it('keeps an interim line that only touches a final line or belongs to another speaker', () => {
    const lines = transcriptLines([
      segment('final', 0, 1500, true, 'Hello'),
      segment('touching', 1500, 1800, false, 'and'),
      segment('agent-interim', 200, 900, false, 'Hi there', 'agent'),
    ])
    expect(lines.map((l) => l.id)).toEqual(['final', 'agent-interim', 'touching'])
  })
})

describe('speakerLabel', () => {
  it('shows how sure the relay is of a speaker when it is not nearly certain, and never names an unknown voice', () => {
    expect(speakerLabel({ speaker: 'caller', speakerConfidence: 0.97 })).toEqual({ label: 'Caller', title: 'Caller, 97% sure' })
    expect(speakerLabel({ speaker: 'staff', speakerConfidence: 0.64 })).toEqual({ label: 'Staff (64%)', title: 'Staff, 64% sure' })
    expect(speakerLabel({ speaker: 'caller', speakerConfidence: null })).toEqual({ label: 'Caller', title: 'Caller' })
    expect(speakerLabel({ speaker: 'unknown', speakerConfidence: null }).label).toBe('Speaker?')
    expect(speakerLabel({ speaker: 'unknown', speakerConfidence: null }).title).toMatch(/not passed to the AI/)
  })

  it('lets a final whose speaker became known replace the unknown interim of its span', () => {
    const lines = transcriptLines([segment('interim', 0, 900, false, 'can i', 'unknown'), segment('final', 0, 1500, true, 'can i talk to a person?', 'caller')])
    expect(lines.map((line) => line.id)).toEqual(['final'])
  })
})

describe('the caller’s customer and bookings', () => {
  const customers = [customer('cust-a', '+14085550199'), customer('cust-b', '+16505550111')]

  it('prefers the customer the relay linked, else matches the caller’s number', () => {
    expect(customerForCall(customers, { customerId: 'cust-b', fromNumber: '+14085550199' })?.id).toBe('cust-b')
    expect(customerForCall(customers, { customerId: null, fromNumber: '+14085550199' })?.id).toBe('cust-a')
    expect(customerForCall(customers, { customerId: null, fromNumber: '+19995550000' })).toBeNull()
    expect(customerForCall(customers, { customerId: null, fromNumber: null })).toBeNull()
  })

  it('finds bookings by customer or by number, soonest event first', () => {
    const bookings = [
      booking('later', { customerId: 'cust-a', eventDate: '2027-01-10' }),
      booking('by-phone', { customerPhone: '+14085550199', eventDate: '2026-12-01' }),
      booking('someone-else', { customerId: 'cust-b', customerPhone: '+16505550111' }),
    ]
    expect(bookingsForCaller(bookings, { customerId: 'cust-a', fromNumber: '+14085550199' }).map((b) => b.id)).toEqual(['by-phone', 'later'])
    expect(bookingsForCaller(bookings, { customerId: null, fromNumber: null })).toEqual([])
  })

  it('queries only the listed callers’ bookings, as RxDB reads the selector', () => {
    const bookings = [
      booking('linked', { customerId: 'cust-a' }),
      booking('by-phone', { customerPhone: '+14085550199' }),
      booking('someone-else', { customerId: 'cust-b', customerPhone: '+16505550111' }),
      booking('nobody', { customerId: null, customerPhone: null }),
    ]
    const matched = (callers: { customerId: string | null; fromNumber: string | null }[]) => {
      const query = normalizeMangoQuery(collectionSchemas.bookings as never, { selector: callerBookingsSelector(callers) as never })
      const matches = getQueryMatcher(collectionSchemas.bookings as never, query)
      return bookings.filter((each) => matches({ ...each, _deleted: false } as never)).map((each) => each.id)
    }
    expect(matched([{ customerId: 'cust-a', fromNumber: null }, { customerId: null, fromNumber: '+14085550199' }])).toEqual(['linked', 'by-phone'])
    expect(matched([{ customerId: null, fromNumber: null }])).toEqual([])
    expect(matched([])).toEqual([])
  })

  it('names the caller from their record, a booking, caller ID or the number, in that order', () => {
    const bookings = [booking('b', { customerName: 'Robert Okafor' })]
    expect(callerName(customers[0]!, bookings, { fromNumber: '+14085550199', fromName: 'WIRELESS CALLER' })).toBe('Maria Lopez')
    expect(callerName(null, bookings, { fromNumber: '+14085550199', fromName: 'WIRELESS CALLER' })).toBe('Robert Okafor')
    expect(callerName(null, [], { fromNumber: '+14085550199', fromName: 'WIRELESS CALLER' })).toBe('WIRELESS CALLER')
    expect(callerName(null, [], { fromNumber: '+14085550199' })).toBe('(408) 555-0199')
    expect(callerName(null, [], { fromNumber: null })).toBe('Unknown caller')
  })

  it('says what is paid and what is still owed', () => {
    expect(paymentState(booking('b', { paidCents: 10_000, status: 'deposit_paid' }))).toEqual({
      kind: 'balance',
      label: '$100.00 paid · $1,550.00 balance',
    })
    expect(paymentState(booking('b', { paidCents: 165_000, status: 'paid_in_full' })).kind).toBe('paid')
    expect(paymentState(booking('b', { paidCents: 0 }))).toEqual({ kind: 'unpaid', label: 'Nothing paid yet · $1,650.00 due' })
    expect(paymentState(booking('b', { paidCents: 10_000, status: 'cancelled' })).kind).toBe('cancelled')
  })
})

describe('suggestions', () => {
  it('shows open and used suggestions newest first and leaves dismissed ones out', () => {
    const visible = visibleSuggestions([
      suggestion('old', '2026-11-22T18:00:01.000Z'),
      suggestion('dismissed', '2026-11-22T18:00:03.000Z', { status: 'dismissed' }),
      suggestion('new', '2026-11-22T18:00:02.000Z', { status: 'used' }),
    ])
    expect(visible.map((s) => s.id)).toEqual(['new', 'old'])
  })

  it('reads the quoted amount from the booking draft: the total, else the food price', () => {
    const draft = {
      customerName: null, customerPhone: null, eventDate: null, eventTime: null, adults: 30, kids: 0,
      address: null, zip: '94539', subtotalCents: 165_000, travelFeeCents: 0, totalCents: 165_000,
    }
    expect(quotedCents(suggestion('q', at, { kind: 'quote', bookingDraft: draft }))).toBe(165_000)
    expect(quotedCents(suggestion('q', at, { kind: 'quote', bookingDraft: { ...draft, totalCents: null } }))).toBe(165_000)
    expect(quotedCents(suggestion('q', at, { kind: 'quote', bookingDraft: null }))).toBeNull()
    expect(quotedCents(suggestion('f', at, { kind: 'faq', bookingDraft: draft }))).toBeNull()
    expect(formatQuote(165_000)).toBe('$1,650')
    expect(formatQuote(167_050)).toBe('$1,670.50')
  })

  it('refuses to text a hidden number or a customer who opted out, and says why', () => {
    expect(smsBlockedReason(null, null)).toMatch(/no number/)
    expect(smsBlockedReason('+14085550199', customer('c', '+14085550199', true))).toMatch(/opted out/)
    expect(smsBlockedReason('+14085550199', customer('c', '+14085550199', false))).toBeNull()
    expect(smsBlockedReason('+14085550199', null)).toBeNull()
  })
})

describe('queueTextToCaller', () => {
  const message = { id: 'st-1', text: ' Your quote is $1,650. ', at }

  it('queues the text on the caller’s existing thread', () => {
    const thread: Conversation = {
      id: 'conv-existing', updatedAt: at, customerPhone: '+14085550199', customerId: null, needsHuman: true, lastMessageAt: '2026-11-22T17:00:00.000Z',
      messages: [{ id: 'rc-1', direction: 'inbound', author: 'customer', text: 'Hi', at: '2026-11-22T17:00:00.000Z', status: 'received' }],
    }
    const queued = queueTextToCaller([thread], { phone: '+14085550199', customerId: null }, message)
    expect(queued.id).toBe('conv-existing')
    expect(queued.messages.map((m) => [m.id, m.author, m.status, m.text])).toEqual([
      ['rc-1', 'customer', 'received', 'Hi'],
      ['st-1', 'staff', 'queued', 'Your quote is $1,650.'],
    ])
    expect(queued.lastMessageAt).toBe(at)
  })

  it('starts a thread under the relay’s id for that number when there is none', () => {
    const queued = queueTextToCaller([], { phone: '+14085550199', customerId: 'cust-a' }, message)
    expect(queued).toMatchObject({ id: 'conv-14085550199', customerPhone: '+14085550199', customerId: 'cust-a', needsHuman: false })
    expect(queued.messages).toHaveLength(1)
  })
})

describe('transfer', () => {
  const answered = { status: 'answered' as const }
  it('needs a RingCentral sign-in, an answered call and our party in it', () => {
    expect(transferBlockedReason(answered, 'p-1', null)).toMatch(/Sign in to RingCentral/)
    expect(transferBlockedReason(answered, 'p-1', { state: 'signed_out' })).toMatch(/Sign in to RingCentral/)
    expect(transferBlockedReason({ status: 'ringing' }, 'p-1', { state: 'connected' })).toMatch(/answered/)
    expect(transferBlockedReason(answered, null, { state: 'connected' })).toMatch(/not reported/)
    expect(transferBlockedReason(answered, 'p-1', { state: 'connected' })).toBeNull()
    expect(transferBlockedReason(answered, 'p-1', { state: 'reconnecting' })).toBeNull()
  })

  it('offers the other extensions, available ones first', () => {
    const ext = (id: string, extensionNumber: string, status: Extension['status']): Extension => ({
      id, updatedAt: at, extensionNumber, ringCentralExtensionId: null, employeeName: id, role: 'frontdesk', status, workingHours: [], isPrimary: false, alertPhone: null,
    })
    const targets = transferTargets([ext('off', '100', 'offline'), ext('me', '101', 'available'), ext('busy', '102', 'busy'), ext('free', '103', 'available')], '101')
    expect(targets.map((t) => t.id)).toEqual(['free', 'busy', 'off'])
  })
})

describe('following the live transcript', () => {
  it('follows while the view is at (or within a few pixels of) the bottom', () => {
    expect(isFollowingLive({ scrollTop: 600, clientHeight: 400, scrollHeight: 1000 })).toBe(true)
    expect(isFollowingLive({ scrollTop: 590, clientHeight: 400, scrollHeight: 1000 })).toBe(true)
    expect(isFollowingLive({ scrollTop: 300, clientHeight: 400, scrollHeight: 1000 })).toBe(false)
  })
})

describe('liveShortcutFor', () => {
  const key = (k: string, extra: Partial<Parameters<typeof liveShortcutFor>[0]> = {}) =>
    liveShortcutFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, targetIsEditable: false, ...extra })
  it('maps single letters to actions only when the user is not typing or holding a modifier', () => {
    expect(key('j')).toBe('next')
    expect(key('k')).toBe('previous')
    expect(key('n')).toBe('notes')
    expect(key('c')).toBe('copy')
    expect(key('x')).toBeNull()
    expect(key('c', { ctrlKey: true })).toBeNull()
    expect(key('j', { targetIsEditable: true })).toBeNull()
  })
})

describe('one identity for the caller', () => {
  const named = { id: 'cust-1', name: 'Robert Okafor' }
  const phone = '+15105550142'

  it('never shows a name above "no customer record" without saying where the name comes from', () => {
    expect(callerIdentity(named, [], { fromNumber: phone })).toEqual({ name: 'Robert Okafor', phone: '(510) 555-0142', nameSource: 'customer', customer: named, note: null })
    const fromBooking = callerIdentity(null, [{ customerName: 'Robert Okafor' }], { fromNumber: phone })
    expect(fromBooking).toMatchObject({ name: 'Robert Okafor', nameSource: 'booking', note: 'Name from their booking; no customer record for this number' })
    expect(callerIdentity(null, [], { fromNumber: phone, fromName: 'JORDAN P' })).toMatchObject({ name: 'JORDAN P', note: 'Name from caller ID; no customer record for this number' })
    expect(callerIdentity(null, [], { fromNumber: phone })).toMatchObject({ name: '(510) 555-0142', nameSource: 'number', note: 'No customer record for this number' })
    expect(callerIdentity(null, [], { fromNumber: null })).toMatchObject({ name: 'Unknown caller', phone: null, note: 'The caller’s number is hidden' })
  })

  it('reads a nameless record (one texting created) as a record that needs a name', () => {
    const nameless = { id: 'cust-15105550142', name: ' ' }
    expect(callerIdentity(nameless, [{ customerName: 'Robert Okafor' }], { fromNumber: phone })).toMatchObject({
      name: 'Robert Okafor',
      customer: nameless,
      note: 'Name from their booking; the customer record for this number has no name yet',
    })
  })
})

describe('transcriptionNotice', () => {
  it('raises no alarm over an ended call that was never transcribed', () => {
    expect(transcriptionNotice({ transcription: 'failed', status: 'ended' }, 0)).toEqual({ tone: 'quiet', text: 'Not transcribed' })
    expect(transcriptionNotice({ transcription: 'failed', status: 'voicemail' }, 0)?.tone).toBe('quiet')
  })

  it('alarms when a transcript stopped part-way, or live transcription fails on a call still going on', () => {
    expect(transcriptionNotice({ transcription: 'failed', status: 'ended' }, 3)).toEqual({ tone: 'alarm', text: 'Transcription stopped — the recording may still have the rest' })
    expect(transcriptionNotice({ transcription: 'failed', status: 'answered' }, 0)).toEqual({ tone: 'alarm', text: 'Live transcription could not start for this call' })
  })

  it('says live and complete, and nothing for a call never tapped or an empty finished transcript', () => {
    expect(transcriptionNotice({ transcription: 'live', status: 'answered' }, 0)?.text).toBe('Transcribing live')
    expect(transcriptionNotice({ transcription: 'finished', status: 'ended' }, 2)?.text).toBe('Transcript complete')
    expect(transcriptionNotice({ transcription: 'finished', status: 'ended' }, 0)).toBeNull()
    expect(transcriptionNotice({ transcription: 'none', status: 'ended' }, 0)).toBeNull()
    expect(transcriptionNotice({ status: 'ended' }, 0)).toBeNull()
  })
})
