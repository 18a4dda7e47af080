/**
 * The SMS conversation loop end to end: texts arrive from the RingCentral sandbox as webhooks,
 * the relay answers through the real SDK, and the sandbox records what was sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Conversation, ConversationMessage, Customer, Extension, NeedsAttention, Suggestion } from '../../src/domain/schemas'
import { RingCentralSmsSender, SmsNotSentError } from '../src/providers/ringcentral/sms-sender'
import type { SentSms } from '../sandbox/ringcentral/ringcentral-simulator'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { Booking, Settings } from '../../src/domain/schemas'
import { pairDevice } from './helper'

const customerPhone = '+14085550199'
let relay: RelayHarness

beforeEach(async () => {
  relay = await startRelayHarness({ withRingCentralCredentials: true, withConversations: true })
  await relay.subscribeRingCentralWebhooks()
})
afterEach(async () => {
  await relay.close()
})

/** A customer text through the sandbox, then everything the relay does about it. */
async function customerTexts(text: string, options: { messageId?: string; from?: string } = {}) {
  const delivered = await relay.control.ringcentral.inboundSms({ from: options.from ?? customerPhone, text, messageId: options.messageId })
  await settle()
  return delivered
}

async function settle() {
  await relay.worker.drain()
  await relay.conversations!.idle()
}

/** What the sandbox received on `POST .../sms`, through its control endpoint. */
async function sentSms(): Promise<SentSms[]> {
  const response = await fetch(`${relay.sandbox.urls.ringcentral}/__sim/ringcentral/sent-sms`)
  return ((await response.json()) as { records: SentSms[] }).records
}

async function thread(phone = customerPhone): Promise<Conversation> {
  return (await relay.documents.get('conversations', `conv-${phone.slice(1)}`)) as unknown as Conversation
}

const summary = (messages: ConversationMessage[]) => messages.map((m) => [m.author, m.status])

/** Every stored suggestion (owner-only ones too), by id. */
async function allSuggestions(): Promise<Suggestion[]> {
  const found: Suggestion[] = []
  let checkpoint: Parameters<typeof relay.documents.pull>[1] = null
  for (;;) {
    const page = await relay.documents.pull('suggestions', checkpoint, 100, { includeOwnerOnly: true })
    found.push(...(page.documents as unknown as Suggestion[]))
    if (page.documents.length < 100) break
    checkpoint = page.checkpoint
  }
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

async function customer(): Promise<Customer> {
  return (await relay.documents.get('customers', (await thread()).customerId!)) as unknown as Customer
}

describe('answering texts', () => {
  it('auto-replies to a pricing question with the quote, sent through RingCentral, and keeps both in the thread', async () => {
    await customerTexts('How much for 30 people in Fremont?')

    const sent = await sentSms()
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ from: '+15105550100', to: [customerPhone] })
    expect(sent[0]!.text).toContain('$1,650')
    const { messages, needsHuman } = await thread()
    expect(summary(messages)).toEqual([
      ['customer', 'received'],
      ['agent', 'sent'],
    ])
    expect(messages[1]!.text).toBe(sent[0]!.text)
    expect(needsHuman).toBe(false)
    // An unknown number gets a customer record, linked to the thread, not opted out.
    expect(await customer()).toMatchObject({ phone: customerPhone, smsOptOut: false })
    const suggestions = await allSuggestions()
    expect(suggestions.length).toBeGreaterThan(0)
    const threadId = (await thread()).id
    expect(suggestions.every((s) => s.conversationId === threadId && s.status === 'open')).toBe(true)

    // The next answer's suggestions replace these.
    await customerTexts('And for 40 people?')
    const after = await allSuggestions()
    expect(after.filter((s) => suggestions.some((old) => old.id === s.id)).map((s) => s.status)).toEqual(suggestions.map(() => 'dismissed'))
    expect(after.some((s) => s.status === 'open')).toBe(true)
  })

  it('does not answer a redelivered text twice', async () => {
    const first = await customerTexts('How much for 30 people in Fremont?')
    await relay.control.ringcentral.redeliver(first.notification.uuid)
    const messageId = (first.notification.body as { id: string }).id
    await customerTexts('How much for 30 people in Fremont?', { messageId }) // a new notification, same message
    await settle()

    expect(await sentSms()).toHaveLength(1)
    expect(summary((await thread()).messages)).toEqual([
      ['customer', 'received'],
      ['agent', 'sent'],
    ])
  })
})

describe('SMS opt-out', () => {
  it('STOP opts out with exactly one confirmation; later replies and staff messages are not sent', async () => {
    await customerTexts('STOP')
    let sent = await sentSms()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.text).toMatch(/unsubscribed/)
    expect((await customer()).smsOptOut).toBe(true)

    // The agent still answers, but only as a draft for staff: nothing is texted.
    await customerTexts('How much for 30 people in Fremont?')
    await customerTexts('stop.')
    expect(await sentSms()).toHaveLength(1)
    const agentReply = (await thread()).messages.find((m) => m.author === 'agent' && m.text.includes('$1,650'))
    expect(agentReply?.status).toBe('draft')
    expect((await thread()).needsHuman).toBe(true)

    // Staff approve that draft: the relay refuses to send it, and says why.
    const current = await thread()
    await relay.documents.put('conversations', {
      ...current,
      messages: current.messages.map((m) => (m.id === agentReply!.id ? { ...m, author: 'staff' as const, status: 'queued' as const } : m)),
    })
    await settle()
    expect(await sentSms()).toHaveLength(1)
    expect((await thread()).messages.find((m) => m.id === agentReply!.id)?.status).toBe('failed')
    const notice = (await relay.documents.get('needsAttention', `smsfail-${agentReply!.id}`)) as unknown as NeedsAttention
    expect(notice).toMatchObject({ kind: 'failed_job', documentId: current.id, status: 'open' })
    expect(notice.title).toMatch(/opted out/)

    sent = await sentSms()
    expect(sent.filter((sms) => sms.to.includes(customerPhone))).toHaveLength(1)
  })

  it('refuses at the sender itself, whoever calls it, except for the opt-out confirmation', async () => {
    const { clientId, clientSecret, jwt } = relay.sandbox.secrets.ringCentral
    const sender = new RingCentralSmsSender({
      settings: { serverUrl: relay.sandbox.urls.ringcentral, clientId, clientSecret, jwt },
      isOptedOut: (phone) => phone === customerPhone,
    })
    await expect(sender.send({ to: customerPhone, text: 'Hello', purpose: 'customer_message' })).rejects.toMatchObject({
      reason: 'opted_out',
      message: expect.stringMatching(/opted out/),
    })
    await expect(sender.send({ to: customerPhone, text: 'Hello', purpose: 'staff_alert' })).rejects.toBeInstanceOf(SmsNotSentError)
    expect(await sentSms()).toHaveLength(0)
    await sender.send({ to: customerPhone, text: 'You are unsubscribed.', purpose: 'opt_out_confirmation' })
    expect((await sentSms()).map((sms) => sms.text)).toEqual(['You are unsubscribed.'])
  })

  it('explains RingCentral errors: bad credentials', async () => {
    const { clientId, clientSecret } = relay.sandbox.secrets.ringCentral
    const sender = new RingCentralSmsSender({
      settings: { serverUrl: relay.sandbox.urls.ringcentral, clientId, clientSecret, jwt: 'not-the-jwt' },
      isOptedOut: () => false,
    })
    await expect(sender.send({ to: customerPhone, text: 'Hello', purpose: 'customer_message' })).rejects.toMatchObject({
      reason: 'credentials',
      message: expect.stringMatching(/RingCentral sign-in failed.*Invalid assertion/),
    })
  })

  it('START opts back in with a confirmation, and the agent answers again', async () => {
    await customerTexts('STOP')
    await customerTexts('Start')
    expect((await customer()).smsOptOut).toBe(false)
    await customerTexts('How much for 30 people in Fremont?')
    const texts = (await sentSms()).map((sms) => sms.text)
    expect(texts).toHaveLength(3)
    expect(texts[1]).toMatch(/subscribed to our texts again/)
    expect(texts[2]).toContain('$1,650')
  })

  it('HELP answers with the business name and contact', async () => {
    await customerTexts('HELP')
    const [help] = await sentSms()
    expect(help!.text).toContain('Hibachi at Home Bay Area')
    expect(help!.text).toContain('+15105550100')
    expect(help!.text).toContain('hello@hibachi-demo.example')
    expect(summary((await thread()).messages)).toEqual([
      ['customer', 'received'],
      ['agent', 'sent'],
    ])
  })
})

/** An extension as the owner sets one up; tests name what they are about. */
function extension(overrides: Partial<Extension>): Omit<Extension, 'updatedAt'> {
  return {
    id: `ext-${overrides.extensionNumber}`,
    extensionNumber: '101',
    ringCentralExtensionId: null,
    employeeName: 'Kenji Sato',
    role: 'owner',
    status: 'available',
    workingHours: [],
    isPrimary: false,
    alertPhone: null,
    ...overrides,
  }
}

describe('escalation', () => {
  it('"speak to a human" leaves a draft, flags the thread and texts the available primary extension', async () => {
    await relay.documents.put('extensions', extension({ extensionNumber: '101', employeeName: 'Kenji Sato', isPrimary: true, alertPhone: '+15105550111' }))
    await relay.documents.put('extensions', extension({ extensionNumber: '102', employeeName: 'Maya Chen', alertPhone: '+15105550122' }))
    await customerTexts('I want to speak to a human')

    const sent = await sentSms()
    expect(sent.filter((sms) => sms.to.includes(customerPhone))).toEqual([])
    expect(sent).toHaveLength(1)
    expect(sent[0]!.to).toEqual(['+15105550111'])
    expect(sent[0]!.text).toMatch(/needs a person/)
    expect(sent[0]!.text).not.toContain(customerPhone)

    const { messages, needsHuman, id: threadId } = await thread()
    expect(summary(messages)).toEqual([
      ['customer', 'received'],
      ['agent', 'draft'],
    ])
    expect(needsHuman).toBe(true)
    const record = (await relay.documents.get('suggestions', `esc-${messages[0]!.id}`)) as unknown as Suggestion
    expect(record).toMatchObject({ conversationId: threadId, kind: 'next_step', title: 'Escalated to Kenji Sato (ext. 101)' })
    expect(record.text).toMatch(/Alert texted to Kenji Sato/)
  })
})

describe('staff replies', () => {
  it('sends a queued staff message pushed by a paired console and marks it sent', async () => {
    await customerTexts('Do you do vegetarian options?')
    const device = await pairDevice(relay.app, 'frontdesk')
    const pull = await relay.app.inject({ method: 'GET', url: '/sync/conversations/pull?limit=50', headers: device.headers })
    const [master] = (pull.json() as { documents: Conversation[] }).documents
    const staffMessage: ConversationMessage = {
      id: 'st-test-1',
      direction: 'outbound',
      author: 'staff',
      text: 'Yes! We have tofu and vegetable menus.',
      at: new Date(relay.clock.now().getTime() + 1000).toISOString(),
      status: 'queued',
    }
    const push = await relay.app.inject({
      method: 'POST',
      url: '/sync/conversations/push',
      headers: device.headers,
      payload: [{ assumedMasterState: master, newDocumentState: { ...master, messages: [...master!.messages, staffMessage] } }],
    })
    expect(push.json()).toEqual([])
    await settle()

    const sent = await sentSms()
    expect(sent.at(-1)).toMatchObject({ to: [customerPhone], text: staffMessage.text })
    const stored = (await thread()).messages.find((m) => m.id === staffMessage.id)
    expect(stored?.status).toBe('sent')
    expect((await thread()).needsHuman).toBe(false)
  })

  it('sends a second reply pushed while the console still assumes the first one queued, echoing the relay\'s "sent"', async () => {
    await customerTexts('Do you do vegetarian options?')
    const device = await pairDevice(relay.app, 'frontdesk')
    const pull = await relay.app.inject({ method: 'GET', url: '/sync/conversations/pull?limit=50', headers: device.headers })
    const [master] = (pull.json() as { documents: Conversation[] }).documents
    const reply = (id: string, text: string, offsetMs: number): ConversationMessage => ({
      id,
      direction: 'outbound',
      author: 'staff',
      text,
      at: new Date(relay.clock.now().getTime() + offsetMs).toISOString(),
      status: 'queued',
    })
    const first = reply('st-first', 'Yes! We have tofu and vegetable menus.', 1000)
    const pushed = { ...master!, messages: [...master!.messages, first] }
    const push = (rows: { assumedMasterState: Conversation | undefined; newDocumentState: Conversation }[]) =>
      relay.app.inject({ method: 'POST', url: '/sync/conversations/push', headers: device.headers, payload: rows })
    expect((await push([{ assumedMasterState: master, newDocumentState: pushed }])).json()).toEqual([])
    await settle()
    expect((await thread()).messages.find((m) => m.id === first.id)?.status).toBe('sent')

    // The console pulled "sent" into its copy, but its replication still assumes what it pushed.
    const second = reply('st-second', 'See you Saturday!', 2000)
    const echoed = { ...pushed, messages: [...(await thread()).messages, second] }
    expect((await push([{ assumedMasterState: pushed, newDocumentState: echoed }])).json()).toEqual([])
    await settle()
    expect((await sentSms()).map((sms) => sms.text)).toContain('See you Saturday!')
    expect((await thread()).messages.filter((m) => m.author === 'staff').map((m) => [m.text, m.status])).toEqual([
      ['Yes! We have tofu and vegetable menus.', 'sent'],
      ['See you Saturday!', 'sent'],
    ])
  })
})

describe('two kinds of hand-over', () => {
  const alertPhone = '+15105550111'
  const primaryExtension = () => extension({ extensionNumber: '101', employeeName: 'Kenji Sato', isPrimary: true, alertPhone })

  it('a reschedule request is answered at once with the policy; staff get a follow-up in the Inbox and on the booking, and no alert', async () => {
    await relay.documents.put('extensions', primaryExtension())
    const eventDate = new Date(relay.clock.now().getTime() + 20 * 86_400_000).toISOString().slice(0, 10)
    await relay.documents.put('bookings', bookingFixture({ id: 'bk-lopez', eventDate, createdAt: relay.clock.now().toISOString(), customerPhone }))
    await customerTexts('Hi, something came up. Can we move our party to a different date?')

    const sent = await sentSms()
    expect(sent.map((sms) => sms.to[0])).toEqual([customerPhone]) // the answer, and no alert to anyone
    expect(sent[0]!.text).toMatch(/move your booking/)
    expect(sent[0]!.text).toMatch(/at least 7 days ahead/)
    const { messages, needsHuman, id: threadId } = await thread()
    expect(summary(messages)).toEqual([
      ['customer', 'received'],
      ['agent', 'sent'],
    ])
    expect(needsHuman).toBe(false)

    const task = (await allSuggestions()).find((suggestion) => suggestion.kind === 'follow_up')
    expect(task).toMatchObject({ conversationId: threadId, status: 'open', bookingId: 'bk-lopez', title: 'Follow up: Reschedule request' })
    expect((await allSuggestions()).some((suggestion) => suggestion.id.startsWith('esc-'))).toBe(false)
    const booking = (await relay.documents.get('bookings', 'bk-lopez')) as unknown as Booking
    expect(booking.timeline?.find((entry) => entry.ref === `suggestions/${task!.id}`)).toMatchObject({ kind: 'note', actor: 'agent', text: expect.stringMatching(/Reschedule request/) })

    // The next text keeps the task open (it is not a suggestion card the next answer replaces).
    await customerTexts('Thanks!')
    expect(((await relay.documents.get('suggestions', task!.id)) as unknown as Suggestion).status).toBe('open')
  })

  it('a plain inquiry is answered with no hand-over at all; a complaint escalates with routing and an alert', async () => {
    await relay.documents.put('extensions', primaryExtension())
    await customerTexts('Hi! How much would a hibachi party for 30 adults in Fremont cost?')
    expect((await thread()).needsHuman).toBe(false)
    expect((await allSuggestions()).filter((suggestion) => suggestion.kind === 'follow_up' || suggestion.id.startsWith('esc-'))).toEqual([])

    await customerTexts('The chef showed up an hour late last time and the food was cold. Really disappointed.', { from: '+14085550123' })
    const sent = await sentSms()
    expect(sent.filter((sms) => sms.to[0] === alertPhone)).toHaveLength(1)
    expect(sent.filter((sms) => sms.to[0] === '+14085550123')).toEqual([]) // a person answers
    const complaintThread = await thread('+14085550123')
    expect(complaintThread.needsHuman).toBe(true)
    expect(complaintThread.messages.at(-1)?.status).toBe('draft')
    expect(await relay.documents.get('suggestions', `esc-${complaintThread.messages[0]!.id}`)).toMatchObject({ title: 'Escalated to Kenji Sato (ext. 101)' })
  })
})

describe('missed-call text-back', () => {
  const caller = '+14085550177'

  /** Quiet hours around the test clock's local time, or none at all. */
  async function setQuietHours(around: boolean): Promise<void> {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(relay.clock.now())
    const hour = Number(local.slice(0, 2))
    const clock = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`
    const settings: Omit<Settings, 'updatedAt'> = { ...demoBusinessProfile(relay.clock.now().toISOString()), quietHours: around ? { start: clock(hour - 1), end: clock(hour + 2) } : { start: '00:00', end: '00:00' } }
    await relay.documents.put('settings', settings)
  }

  async function missedCall(statuses: ('Proceeding' | 'VoiceMail' | 'Disconnected' | 'Answered')[], from = caller) {
    const { notifications } = await relay.control.ringcentral.inboundCall({ from, statuses })
    await relay.worker.drain()
    // The simulator stamps events with the real time; the relay's test clock catches up to the last.
    const endedAt = Date.parse((notifications.at(-1)!.notification.body as { eventTime: string }).eventTime)
    relay.clock.advance(Math.max(0, endedAt - relay.clock.now().getTime()))
    await relay.textBack!.runDue()
    await settle()
  }

  const textsTo = async (phone: string) => (await sentSms()).filter((sms) => sms.to[0] === phone).map((sms) => sms.text)

  it('texts a caller whose call was missed, once that day, and the agent carries the conversation on', async () => {
    await setQuietHours(false)
    await missedCall(['Proceeding', 'Disconnected'])
    expect(await textsTo(caller)).toEqual(['Hibachi at Home Bay Area: Sorry we missed you, how can we help? Reply here for a quote.'])

    // A second missed call and a voicemail the same day: no second text.
    await missedCall(['Proceeding', 'VoiceMail'])
    expect(await textsTo(caller)).toHaveLength(1)
    // An answered call is not missed.
    await missedCall(['Proceeding', 'Answered', 'Disconnected'], '+14085550188')
    expect(await textsTo('+14085550188')).toEqual([])

    // The simulator dates each call event a second apart from the real time; let the reply come after them.
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    await customerTexts('Hi yes, how much for 20 people in Fremont?', { from: caller })
    const texts = await textsTo(caller)
    expect(texts).toHaveLength(2)
    expect(texts[1]).toContain('$1,100')
    expect(summary((await thread(caller)).messages)).toEqual([
      ['agent', 'sent'],
      ['customer', 'received'],
      ['agent', 'sent'],
    ])
  })

  it('never texts a caller who opted out', async () => {
    await setQuietHours(false)
    await customerTexts('STOP', { from: caller })
    await missedCall(['Proceeding', 'VoiceMail'])
    expect(await textsTo(caller)).toEqual([expect.stringMatching(/unsubscribed/)])
    // No text-back in any state, for any number or day: a count of the whole table (no contract reads one).
    const [{ n }] = (await relay.sql('SELECT COUNT(*) AS n FROM missed_call_text_backs')) as [{ n: number | string }]
    expect(Number(n)).toBe(0)
  })

  it('waits for the end of quiet hours, then texts, unless the caller opted out meanwhile', async () => {
    await setQuietHours(true)
    await missedCall(['Proceeding', 'Disconnected'])
    await missedCall(['Proceeding', 'Disconnected'], '+14085550166')
    expect(await textsTo(caller)).toEqual([])

    await customerTexts('stop', { from: '+14085550166' })
    relay.clock.advance(3 * 60 * 60 * 1000)
    expect(await relay.textBack!.runDue()).toBe(1) // the opted-out caller's is skipped
    await settle()
    expect(await textsTo(caller)).toEqual([expect.stringMatching(/Sorry we missed you/)])
    expect(await textsTo('+14085550166')).toEqual([expect.stringMatching(/unsubscribed/)])
  })
})
