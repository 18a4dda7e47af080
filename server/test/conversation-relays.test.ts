/**
 * The SMS conversation loop through the storage contracts, with two relays on one database of
 * each engine, both hearing of every change: a customer's text is answered once (the agent asked
 * once, one reply texted), a staff reply queued from a console is texted once, and a follow-up
 * lands once, on the booking too.
 */
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { failureNoticeIdFor, replyIdFor } from '../../src/domain/conversations/thread-work'
import type { Conversation, ConversationMessage } from '../../src/domain/schemas'
import { agentBrainPerLocation, openAiConfigFromEnv } from '../src/agent/create-brain'
import { ConversationService } from '../src/conversations/conversation-service'
import { isNumberOptedOut } from '../src/conversations/customer-directory'
import { SmsNotSentError, type SmsToSend } from '../src/providers/ringcentral/sms-sender'
import { storageEngines, type ContractStores } from '../src/storage/testing/storage-engines'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { countingAgent } from '../sandbox/testing/counting-agent'

const customerPhone = '+14085550123'
const threadId = 'sms_14085550123'
const start = Date.now()
const now = () => new Date()
const at = (offsetMs = 0) => new Date(start + offsetMs).toISOString()

/** Two relays' conversation loops, one brain and one sender each, counting what they did. */
function twoLoops(mine: ContractStores, theirs: ContractStores) {
  const { loadBrain, sender, sent, answers } = countingAgent()
  const logger = pino({ level: 'silent' })
  const loops = [mine, theirs].map((storage) => new ConversationService({ storage, sender, loadBrain, logger, now }))
  const stopFollowing = [mine, theirs].map((storage) => storage.documents.followExternalWrites())
  for (const loop of loops) loop.start()
  return {
    sent,
    answers,
    /** Waits until `done` holds and both loops rest, then a little longer for late news from the other relay. */
    async settle(done: () => Promise<boolean>) {
      const deadline = Date.now() + 15_000
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error('the loops did not finish')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      for (let round = 0; round < 3; round++) {
        await Promise.all(loops.map((loop) => loop.idle()))
        await new Promise((resolve) => setTimeout(resolve, 700))
      }
      await Promise.all(loops.map((loop) => loop.idle()))
    },
    async stop() {
      for (const stop of stopFollowing) stop()
      await Promise.all(loops.map((loop) => loop.stop()))
    },
  }
}

function thread(messages: ConversationMessage[]): Omit<Conversation, 'updatedAt'> {
  return { id: threadId, customerPhone, customerId: null, messages, needsHuman: false, lastMessageAt: messages.at(-1)!.at, handledAt: null }
}

const customerSays = (id: string, text: string, offsetMs = 0): ConversationMessage => ({ id, direction: 'inbound', author: 'customer', text, at: at(offsetMs), status: 'received' })

describe.each(storageEngines)('the conversation loop with two relays on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('answers a customer’s text once and texts the answer once, whichever relay hears of it first', async () => {
    const { mine, theirs, close } = await engine.open(now)
    const loops = twoLoops(mine, theirs)
    try {
      await mine.documents.put('settings', demoBusinessProfile(at()))
      await mine.documents.put('conversations', thread([customerSays('in_1', 'How much for 30 people in Fremont?')]))
      const replied = async () => (await theirs.queries.conversations.live(threadId))?.messages.some((m) => m.id === replyIdFor('in_1') && m.status === 'sent') ?? false
      await loops.settle(replied)

      expect(loops.answers()).toBe(1)
      expect(loops.sent).toHaveLength(1)
      expect(loops.sent[0]).toMatchObject({ to: customerPhone, purpose: 'customer_message', text: expect.stringContaining('$1,650') })
      const { messages, customerId } = (await mine.queries.conversations.live(threadId))!
      expect(messages.map((m) => [m.author, m.status])).toEqual([
        ['customer', 'received'],
        ['agent', 'sent'],
      ])
      // One customer record for the number, linked to the thread.
      expect((await mine.queries.customers.withPhone(customerPhone)).map((customer) => customer.id)).toEqual([customerId])
    } finally {
      await loops.stop()
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('texts a staff reply queued from a console once, and records a follow-up once, on the booking too', async () => {
    const { mine, theirs, close } = await engine.open(now)
    const loops = twoLoops(mine, theirs)
    try {
      await mine.documents.put('settings', demoBusinessProfile(at()))
      const eventDate = new Date(start + 20 * 86_400_000).toISOString().slice(0, 10)
      await mine.documents.put('bookings', bookingFixture({ id: 'bk_lopez', eventDate, createdAt: at(), customerPhone }))
      await theirs.documents.put('conversations', thread([customerSays('in_1', 'Hi, something came up. Can we move our party to a different date?')]))
      const answered = async () => (await mine.queries.conversations.live(threadId))?.messages.some((m) => m.id === replyIdFor('in_1') && m.status === 'sent') ?? false
      await loops.settle(answered)

      // A console queues a staff reply through relay B.
      const staff: ConversationMessage = { id: 'staff_1', direction: 'outbound', author: 'staff', text: 'See you Saturday!', at: at(1_000), status: 'queued', by: 'Front desk', deviceId: 'dev_1' }
      await theirs.documents.update('conversations', threadId, (current) => (current ? { ...current, messages: [...current.messages, staff] } : null))
      const staffSent = async () => (await mine.queries.conversations.live(threadId))?.messages.some((m) => m.id === 'staff_1' && m.status === 'sent') ?? false
      await loops.settle(staffSent)

      expect(loops.sent.map((sms) => sms.text.slice(0, 20))).toEqual([expect.any(String), 'See you Saturday!'])
      expect(loops.answers()).toBe(1)
      const tasks = (await mine.documents.pull('suggestions', null, 100)).documents.filter((suggestion) => suggestion.kind === 'follow_up')
      expect(tasks).toMatchObject([{ bookingId: 'bk_lopez', status: 'open', title: 'Follow up: Reschedule request' }])
      const booking = (await theirs.queries.bookings.live('bk_lopez'))!
      expect(booking.timeline!.filter((entry) => entry.ref === `suggestions/${tasks[0]!.id}`)).toHaveLength(1)
    } finally {
      await loops.stop()
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('confirms a STOP with one text, recorded as sent, though both relays hear of it', async () => {
    const { mine, theirs, close } = await engine.open(now)
    const sent: SmsToSend[] = []
    // As RingCentral's sender does: nothing but the confirmation reaches an opted-out number.
    const senderOn = (stores: ContractStores) => ({
      async send(sms: SmsToSend) {
        if (sms.purpose !== 'opt_out_confirmation' && (await isNumberOptedOut(stores, sms.to))) throw new SmsNotSentError('Not sent: this customer opted out of texts (replied STOP).', 'opted_out')
        if (sms.purpose === 'opt_out_confirmation') await new Promise((resolve) => setTimeout(resolve, 1_000))
        sent.push(sms)
        return { messageId: `msg_${sent.length}` }
      },
    })
    const loadBrain = agentBrainPerLocation(openAiConfigFromEnv({}))
    const logger = pino({ level: 'silent' })
    const loops = [mine, theirs].map((storage) => new ConversationService({ storage, sender: senderOn(storage), loadBrain, logger, now }))
    const stops = [mine, theirs].map((storage) => storage.documents.followExternalWrites())
    try {
      await mine.documents.put('settings', demoBusinessProfile(at()))
      for (const loop of loops) loop.start()
      await mine.documents.put('conversations', thread([customerSays('in_stop', 'STOP')]))
      const confirmed = async () => (await theirs.queries.conversations.live(threadId))?.messages.some((m) => m.id === replyIdFor('in_stop') && m.status !== 'queued') ?? false
      const deadline = Date.now() + 15_000
      while (!(await confirmed()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      for (let round = 0; round < 3; round++) {
        await Promise.all(loops.map((loop) => loop.idle()))
        await new Promise((resolve) => setTimeout(resolve, 700))
      }
      expect(sent.map((sms) => sms.purpose)).toEqual(['opt_out_confirmation'])
      const reply = (await mine.queries.conversations.live(threadId))!.messages.find((m) => m.id === replyIdFor('in_stop'))!
      expect(reply.status).toBe('sent')
      expect(await mine.documents.get('needsAttention', failureNoticeIdFor(replyIdFor('in_stop')))).toBeNull()
    } finally {
      for (const stop of stops) stop()
      await Promise.all(loops.map((loop) => loop.stop()))
      await close()
    }
  }, 40_000)

  it.skipIf(engine.skipReason !== null)('answers a text whose claim a stopped run left behind, once that claim’s lease is over', async () => {
    const { mine, close } = await engine.open(now)
    const sent: SmsToSend[] = []
    const sender = { send: async (sms: SmsToSend) => (sent.push(sms), { messageId: `msg_${sent.length}` }) }
    const leaseMs = 1_000
    const loop = new ConversationService({ storage: mine, sender, loadBrain: agentBrainPerLocation(openAiConfigFromEnv({})), logger: pino({ level: 'silent' }), now, claimLeaseMs: leaseMs })
    try {
      await mine.documents.put('settings', demoBusinessProfile(at()))
      await mine.documents.put('conversations', thread([customerSays('in_1', 'How much for 30 people in Fremont?')]))
      // The run that was answering it stopped (a crash, a deploy) and left its claim.
      expect(await mine.claims.claim('answer:in_1', now(), leaseMs)).not.toBeNull()
      loop.start()
      await loop.idle()
      expect((await mine.queries.conversations.live(threadId))!.messages).toHaveLength(1)
      // Once the lease is over, the relay looks again and answers.
      const deadline = Date.now() + 10_000
      while (sent.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
      await loop.idle()
      expect(sent).toHaveLength(1)
      expect((await mine.queries.conversations.live(threadId))!.messages.map((m) => [m.author, m.status])).toEqual([
        ['customer', 'received'],
        ['agent', 'sent'],
      ])
    } finally {
      await loop.stop()
      await close()
    }
  }, 30_000)
})
