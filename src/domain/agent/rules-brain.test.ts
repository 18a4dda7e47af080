import fc from 'fast-check'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../business-profile'
import type { DistanceEstimator, EventLocation } from '../geo/distance-estimator'
import { createCentroidDistanceEstimator } from '../geo/distance-estimator'
import { createZipcodesDirectory } from '../geo/zipcodes-directory'
import type { Package } from '../schemas/packages'
import type { AgentInput, AgentKnowledge, FaqEntry } from './agent-brain'
import { AgentResult, type Channel, type ConversationTurn } from './agent-result'
import { createRulesBrain } from './rules-brain'

const settings = demoBusinessProfile('2026-11-01T00:00:00.000Z')
const places = createZipcodesDirectory()
const now = '2026-11-22T04:00:00.000Z' // Saturday 21 November 2026, 8 pm in Fremont

/** Distances by city or ZIP, so quotes are exact; anything else is unknown. */
function fixedDistances(miles: Record<string, number>): DistanceEstimator & { asked: EventLocation[] } {
  const asked: EventLocation[] = []
  return {
    asked,
    async distanceFromBase(location) {
      asked.push(location)
      const key = location.zip ?? location.city ?? ''
      const found = miles[key]
      return found === undefined ? null : { miles: found, isEstimate: true, place: { city: key, state: 'CA', zip: null } }
    },
  }
}

const distances = fixedDistances({ Fremont: 0, 'San Jose': 14, Gilroy: 40, Sacramento: 78, 'Los Angeles': 316, '95112': 12 })
const brain = createRulesBrain({ distance: distances, places })

async function ask(
  text: string | ConversationTurn[],
  options: { channel?: Channel; faqs?: FaqEntry[]; now?: string; packages?: Package[]; bookings?: AgentKnowledge['bookings'] } = {},
): Promise<AgentResult> {
  const turns: ConversationTurn[] = typeof text === 'string' ? [{ role: 'customer', text }] : text
  const input: AgentInput = {
    turns,
    channel: options.channel ?? 'sms',
    now: options.now ?? now,
    knowledge: {
      settings,
      faqs: options.faqs ?? [],
      ...(options.packages ? { packages: options.packages } : {}),
      ...(options.bookings ? { bookings: options.bookings } : {}),
    },
  }
  const result = await brain.respond(input)
  // Every answer must satisfy the §7 contract schema.
  expect(Value.Errors(AgentResult, result)).toEqual([])
  return result
}

describe('rules brain: quotes (architecture §4 worked examples)', () => {
  it('30 adults in Fremont → $1,650, no travel', async () => {
    const result = await ask('How much for 30 adults in Fremont?')
    expect(result.quote).toEqual({
      adults: 30,
      kids: 0,
      subtotalCents: 165_000,
      travelFeeCents: 0,
      totalCents: 165_000,
      distanceMiles: 0,
      distanceIsEstimate: true,
      declined: false,
      reason: null,
    })
    expect(result.reply).toContain('$1,650')
  })

  it('30 adults 40 miles away → $20 travel, $1,670 total', async () => {
    const result = await ask('30 adults in Gilroy please')
    expect(result.quote).toMatchObject({ travelFeeCents: 2_000, totalCents: 167_000, distanceMiles: 40 })
    expect(result.reply).toContain('$20')
    expect(result.reply).toContain('$1,670')
  })

  it.each([
    ['20 adults and 5 kids in San Jose', 20, 5, 125_000],
    ['6 adults in San Jose', 6, 0, 55_000],
    ["we're expecting about 25 people in San Jose", 25, 0, 137_500],
    ['party of 12 in San Jose', 12, 0, 66_000],
    ['15 adults and 4 kids in San Jose', 15, 4, 94_500],
    ['a dozen kids in San Jose', 0, 12, 55_000],
  ])('%j → %i adults, %i kids, subtotal %i cents', async (text, adults, kids, subtotal) => {
    const result = await ask(text)
    expect(result.quote).toMatchObject({ adults, kids, subtotalCents: subtotal, travelFeeCents: 0, totalCents: subtotal })
  })

  it('declines beyond the service area and offers a call', async () => {
    const result = await ask('Price for 40 people in Los Angeles')
    expect(result.quote).toMatchObject({ declined: true, travelFeeCents: null, totalCents: null, distanceMiles: 316 })
    // A polite no with the distance and an offer to call: nobody needs to act now.
    expect(result.escalate).toBe(false)
    expect(result.reply).toMatch(/about 316 miles/)
    expect(result.reply).toMatch(/call us at \(510\) 555-0100/)
  })

  it('leaves travel and total null while the location is unknown, and asks for it', async () => {
    const result = await ask('How much for 30 adults?')
    expect(result.quote).toMatchObject({ subtotalCents: 165_000, travelFeeCents: null, totalCents: null, distanceMiles: null })
    expect(result.reply).toMatch(/city or ZIP/)
  })

  it('measures from the ZIP when one is given', async () => {
    const result = await ask('6 adults in 95112')
    expect(result.quote).toMatchObject({ distanceMiles: 12, totalCents: 55_000 })
    expect(distances.asked.at(-1)).toEqual({ zip: '95112', city: null, state: null })
  })

  it('has no quote without a guest count', async () => {
    const result = await ask('How much do you charge?')
    expect(result.quote).toBeUndefined()
    expect(result.reply).toContain('$55 per adult')
    expect(result.reply).toMatch(/How many guests|number of guests/)
  })
})

describe('rules brain: booking flow', () => {
  it('answers a complete booking at once and leaves staff a follow-up, not an escalation', async () => {
    const result = await ask('I want to book 30 adults in Gilroy on Dec 12 at 6pm, chicken and steak')
    expect(result.intent).toBe('booking_inquiry')
    expect(result.entities).toMatchObject({ date: '2026-12-12', time: '18:00', location: 'Gilroy', proteins: ['chicken', 'steak'] })
    expect(result.escalate).toBe(false)
    expect(result.escalationReason).toBeNull()
    expect(result.followUp).toMatch(/Ready to book: confirm 2026-12-12/)
    expect(result.reply).toMatch(/\$100 deposit/)
    expect(result.suggestions.map((suggestion) => suggestion.kind)).toEqual(expect.arrayContaining(['quote', 'next_step']))
  })

  it('asks for the missing details without escalating', async () => {
    const result = await ask('Party of 12 next Saturday')
    expect(result.entities.date).toBe('2026-11-28')
    expect(result.escalate).toBe(false)
    expect(result.escalationReason).toBeNull()
    expect(result.reply).toMatch(/city or ZIP/)
  })

  it('collects details across a conversation', async () => {
    const result = await ask([
      { role: 'customer', text: 'Hi, how much for a hibachi party?' },
      { role: 'agent', text: 'How many guests are you expecting?' },
      { role: 'customer', text: '25' },
      { role: 'agent', text: 'What city is the party in?' },
      { role: 'customer', text: 'San Jose, on Dec 12' },
    ])
    expect(result.intent).toBe('pricing')
    expect(result.entities).toMatchObject({ guestCount: 25, location: 'San Jose', date: '2026-12-12' })
    expect(result.quote).toMatchObject({ adults: 25, totalCents: 137_500 })
  })

  it('lets a later message correct the guest count', async () => {
    const result = await ask([
      { role: 'customer', text: 'about 25 people in San Jose' },
      { role: 'customer', text: 'actually 20 adults and 10 kids' },
    ])
    expect(result.entities).toMatchObject({ adults: 20, kids: 10, guestCount: 30 })
    expect(result.quote?.subtotalCents).toBe(20 * 5_500 + 10 * 3_000)
  })

  it('without the calendar, says it will check the date and leaves staff a follow-up', async () => {
    const result = await ask('Are you available Dec 12?')
    expect(result.intent).toBe('availability')
    expect(result.escalate).toBe(false)
    expect(result.followUp).toMatch(/check the calendar for 2026-12-12/)
    expect(result.reply).toContain('Saturday, December 12')
  })

  it('reads a change in the thread: "make it 25 instead" re-quotes', async () => {
    const result = await ask([
      { role: 'customer', text: 'How much for 20 people in Fremont?' },
      { role: 'agent', text: "For 20 adults in Fremont, it's $1,100 with no travel fee (we're based there)." },
      { role: 'customer', text: 'make it 25 instead' },
    ])
    expect(result.intent).toBe('pricing')
    expect(result.entities).toMatchObject({ guestCount: 25, location: 'Fremont' })
    expect(result.quote).toMatchObject({ adults: 25, totalCents: 137_500 })
  })

  it('splits "6 of them are kids" out of the earlier count', async () => {
    const result = await ask([
      { role: 'customer', text: 'How much for 22 in Fremont?' },
      { role: 'agent', text: "For 22 adults in Fremont, it's $1,210 with no travel fee." },
      { role: 'customer', text: 'and if 6 of them are kids?' },
    ])
    expect(result.entities).toMatchObject({ adults: 16, kids: 6, guestCount: 22 })
  })

  it('reads typos, shorthand and word numbers', async () => {
    const result = await ask('hw much 4 twenty two ppl in fremont tmrw')
    expect(result.intent).toBe('pricing')
    expect(result.entities).toMatchObject({ guestCount: 22, location: 'Fremont', date: '2026-11-22' })
    expect((await ask('I need to cancle my resevation')).intent).toBe('cancel')
    expect((await ask('do you have vegitarian optoins')).intent).toBe('faq')
  })
})

describe('rules brain: how people text', () => {
  it('reads a count in words that answers "how many guests?"', async () => {
    const result = await ask([
      { role: 'customer', text: 'Can I book for dec 5?' },
      { role: 'agent', text: 'Good news: Saturday, December 5 is open. How many guests are you expecting?' },
      { role: 'customer', text: 'twenty two' },
    ])
    expect(result.intent).toBe('booking_inquiry')
    expect(result.entities.guestCount).toBe(22)
    expect(result.quote?.subtotalCents).toBe(22 * settings.adultPriceCents)
  })

  it('keeps a reschedule going when the next text only says when', async () => {
    const result = await ask([
      { role: 'customer', text: 'I need to move my party' },
      { role: 'agent', text: "No problem! I've asked our team to move your booking; they'll confirm shortly." },
      { role: 'customer', text: 'to jan 16 if possible' },
    ])
    expect(result.intent).toBe('reschedule')
    expect(result.entities.date).toBe('2027-01-16')
    expect(result.followUp).toMatch(/Reschedule request/)
  })

  it('prices "2 dozen" people and does not count a few guests as the party', async () => {
    expect((await ask('cost for 2 dozen people in fremont?')).entities.guestCount).toBe(24)
    const subset = await ask('no meat for 3 of the guests, is that ok?')
    expect(subset.entities.guestCount).toBeNull()
    expect(subset.quote).toBeUndefined()
  })

  it('keeps a capitalised place name out of spelling correction', async () => {
    const result = await ask('quote for 40 guests in Las Vegas NV')
    expect(result.entities.location).toBe('Las Vegas')
  })

  it('hands a Spanish message to a person even when spelling correction makes it look English', async () => {
    const result = await ask('Tiene opciones vegetarianas? Mi esposa no come carne')
    expect(result.escalate).toBe(true)
    expect(result.escalationReason).toMatch(/Spanish/)
    expect((await ask('whats ur cancelation polcy')).escalate).toBe(false)
  })

  it('answers a question about the cancellation policy without filing a cancellation', async () => {
    const result = await ask('if something comes up and we have to cancel do we lose everything?')
    expect(result.intent).toBe('faq')
    expect(result.followUp ?? '').not.toMatch(/Cancellation request/)
  })
})

describe('rules brain: availability from bookings', () => {
  // Lunch 12:00 holds 2 parties, dinner 17:00 holds 3 (the demo profile).
  const lunchTaken = [
    { eventDate: '2026-12-12', eventTime: '12:00', status: 'confirmed' as const },
    { eventDate: '2026-12-12', eventTime: null, status: 'deposit_paid' as const },
    { eventDate: '2026-12-12', eventTime: '17:00', status: 'cancelled' as const },
  ]

  it('answers with the free slot on a date whose lunch is taken, without a hand-over', async () => {
    const result = await ask('Are you free on Dec 12?', { bookings: lunchTaken })
    expect(result.intent).toBe('availability')
    expect(result.reply).toContain('Saturday, December 12 is open for dinner at 5 PM')
    expect(result.reply).not.toMatch(/lunch/i)
    expect(result.escalate).toBe(false)
  })

  it('offers both slots on an empty date', async () => {
    const result = await ask('Are you available Dec 19?', { bookings: lunchTaken })
    expect(result.reply).toContain('open for lunch at 12 PM or dinner at 5 PM')
    expect(result.escalate).toBe(false)
  })

  it('says a fully booked date is full and offers the nearest open dates, without a hand-over', async () => {
    const full = [
      ...lunchTaken.slice(0, 2),
      ...['17:00', '17:30', '18:00'].map((eventTime) => ({ eventDate: '2026-12-12', eventTime, status: 'confirmed' as const })),
    ]
    const result = await ask('Are you free on Dec 12?', { bookings: full })
    expect(result.reply).toMatch(/fully booked/)
    expect(result.reply).toMatch(/nearest open dates are .*December 11.*December 13/)
    expect(result.escalate).toBe(false)
  })

  it('still asks for a date when none is given', async () => {
    const result = await ask('Do you have any openings?', { bookings: lunchTaken })
    expect(result.reply).toMatch(/\bdate\b/)
    expect(result.reply).not.toMatch(/Good news|fully booked/)
  })
})

describe('rules brain: packages', () => {
  const offer = (name: string, validFrom: string, validTo: string | null): Package => ({
    id: `pkg_${name.replace(/\W/g, '')}`, updatedAt: '2026-11-01T00:00:00.000Z', name, description: 'Lobster tails for everyone.',
    pricePerAdultCents: 6_500, pricePerChildCents: 3_500, validFrom, validTo, active: true,
  })

  it('mentions an active package in a pricing reply', async () => {
    const result = await ask('How much for 30 adults in Fremont?', { packages: [offer('Holiday Feast', '2026-11-15', '2026-12-31')] })
    expect(result.reply).toContain('Holiday Feast')
    expect(result.reply).toContain('$65 per adult')
    expect(result.suggestions.some((suggestion) => suggestion.title.includes('Holiday Feast'))).toBe(true)
  })

  it('never mentions an expired or upcoming package', async () => {
    const packages = [offer('Summer Splash', '2026-06-01', '2026-08-31'), offer('New Year Bash', '2026-12-26', '2027-01-02')]
    for (const text of ['How much for 30 adults in Fremont?', 'I want to book a party for 20 people on Dec 12 in San Jose']) {
      const result = await ask(text, { packages })
      expect(JSON.stringify(result)).not.toMatch(/Summer Splash|New Year Bash/)
    }
  })
})

describe('rules brain: SMS keywords', () => {
  it.each(['STOP', 'stop', 'STOP.', ' Stop ', 'opt out', 'UNSUBSCRIBE', 'please stop texting me'])(
    '%j opts out with one confirmation',
    async (text) => {
      const result = await ask(text)
      expect(result.intent).toBe('opt_out')
      expect(result.escalate).toBe(false)
      expect(result.reply).toMatch(/unsubscribed/)
      expect(result.reply).toContain(settings.businessName)
    },
  )

  it('HELP answers with the business name and contact', async () => {
    const result = await ask('HELP')
    expect(result.reply).toContain(settings.businessName)
    expect(result.reply).toContain('(510) 555-0100')
    expect(result.reply).toContain(settings.contactEmail)
  })

  it('START opts back in', async () => {
    const result = await ask('START')
    expect(result.reply).toMatch(/subscribed again/)
    expect(result.intent).not.toBe('opt_out')
  })

  it('"cancel" alone opts out, a booking cancellation gets the policy and a follow-up', async () => {
    expect((await ask('cancel')).intent).toBe('opt_out')
    const cancellation = await ask('I need to cancel my booking for Saturday', { faqs: settings.faqs })
    expect(cancellation.intent).toBe('cancel')
    expect(cancellation.escalate).toBe(false)
    expect(cancellation.followUp).toMatch(/Cancellation request/)
    expect(cancellation.reply).toMatch(/at least 7 days ahead/)
    expect(cancellation.reply).not.toMatch(/unsubscribed/)
  })
})

describe('rules brain: escalation', () => {
  it.each(['I want to speak to a human', 'Can I talk to a person?', 'representative', 'Let me talk to your manager'])(
    '%j escalates as a request for a person',
    async (text) => {
      const result = await ask(text)
      expect(result.intent).toBe('human_request')
      expect(result.escalate).toBe(true)
      expect(result.escalationReason).toMatch(/asked for a person/)
    },
  )

  it.each([
    ['The chef showed up 2 hours late. Terrible.', 'complaint', /Complaint/],
    ['One guest has a severe peanut allergy, is that ok?', 'faq', /Allergy/],
    ['I was charged twice for the deposit', 'payment', /dispute/],
    ['This is the THIRD time I ask. WHY IS NOBODY ANSWERING??', 'complaint', /Complaint|upset/],
    ['How much for 150 people in Fremont?', 'pricing', /above the 75 guests/],
    ['Hola, ¿cuánto cuesta una fiesta para 20 personas?', 'other', /Spanish/],
  ])('%j → %s, a person must act now: %s', async (text, intent, reason) => {
    const result = await ask(text)
    expect(result.intent).toBe(intent)
    expect(result.escalate).toBe(true)
    expect(result.escalationReason).toMatch(reason)
    expect(result.followUp).toBeNull()
  })

  it.each([
    ['Can we reschedule to Dec 19?', 'reschedule', /Reschedule request: move to Saturday, December 19/],
    ['I paid the deposit yesterday, did you get it?', 'payment', /Payment/],
    ['Do you guys have insurance? the venue is asking', 'faq', /Question without a stored answer/],
    ["I'm a food blogger and would love to feature you", 'other', /could not place/],
  ])('%j → %s, answered now with a follow-up: %s', async (text, intent, followUp) => {
    const result = await ask(text)
    expect(result.intent).toBe(intent)
    expect(result.escalate).toBe(false)
    expect(result.followUp).toMatch(followUp)
    expect(result.reply.length).toBeGreaterThan(0)
  })

  it.each([
    "No, I don't want to talk to a human, just tell me the price for 20 people",
    "I don't need a manager, just the deposit link",
    'no allergies in our group. do you do shrimp?',
    'No complaints at all, the party was great!',
  ])('a negated hand-over is not one: %j', async (text) => {
    const result = await ask(text)
    expect(result.escalate).toBe(false)
    expect(result.intent).not.toBe('human_request')
  })

  it('answers several questions in one message', async () => {
    const result = await ask('How much for 20 people in Fremont and do you bring the tables? Also what if it rains', { faqs: settings.faqs })
    expect(result.intent).toBe('pricing')
    expect(result.reply).toContain('$1,100')
    expect(result.reply).toMatch(/propane grill/)
    expect(result.reply).toMatch(/covered patio/)
  })

  it('matches an FAQ by meaning, not only by its keywords', async () => {
    const faqs = [{ question: 'What happens in bad weather?', keywords: [], answer: 'We cook under cover or move your date for free.' }]
    const result = await ask('what if its pouring that day', { faqs })
    expect(result.intent).toBe('faq')
    expect(result.reply).toContain('We cook under cover or move your date for free.')
  })

  it('thanks a customer for praise without escalating', async () => {
    const result = await ask('We loved the party last week, thank you so much!')
    expect(result.escalate).toBe(false)
    expect(result.entities.date).toBeNull()
    expect(result.reply).toMatch(/kind words/)
  })

  it('answers profile questions itself', async () => {
    const result = await ask('Do you travel to Sacramento?')
    expect(result.escalate).toBe(false)
    expect(result.reply).toMatch(/free within 30 miles of Fremont/)
  })

  it("uses the owner's FAQ answers when they fit", async () => {
    const faqs = [{ question: "What's included?", keywords: ['included'], answer: 'Fried rice, salad and two proteins.' }]
    const result = await ask("What's included?", { faqs })
    expect(result.escalate).toBe(false)
    expect(result.reply).toContain('Fried rice, salad and two proteins.')
  })
})

describe('rules brain: tone and channel', () => {
  it('opens in the customer’s tone', async () => {
    expect((await ask("I'm so worried, is it too late to book 20 people for tomorrow??")).reply).toMatch(/^No worries/)
    expect((await ask('Price for 20 adults.')).reply).toMatch(/^For 20 adults/)
  })

  it('on a call, the opt-out confirmation is spoken, not an SMS keyword prompt', async () => {
    const result = await ask('please stop calling and texting me', { channel: 'voice' })
    expect(result.intent).toBe('opt_out')
    expect(result.reply).not.toMatch(/Reply START/)
  })

  it('refuses an invalid now and a conversation without a customer', async () => {
    await expect(ask('hello', { now: 'yesterday' })).rejects.toThrow(/valid instant/)
    await expect(ask([{ role: 'agent', text: 'Hi!' }])).rejects.toThrow(/no customer message/)
  })

  it('is deterministic', async () => {
    const text = 'Hey! 20 adults and 5 kids in San Jose next Friday at 6, shrimp and filet mignon with gyoza'
    expect(await ask(text)).toEqual(await ask(text))
  })
})

describe('rules brain with the bundled distance estimate', () => {
  it('labels centroid distances as estimates', async () => {
    const realBrain = createRulesBrain({ distance: createCentroidDistanceEstimator(places, settings.baseLocation), places })
    const result = await realBrain.respond({
      turns: [{ role: 'customer', text: '30 adults in San Jose' }],
      channel: 'sms',
      now,
      knowledge: { settings, faqs: [] },
    })
    expect(result.quote?.distanceIsEstimate).toBe(true)
    expect(result.quote?.distanceMiles).toBeGreaterThan(5)
    expect(result.quote?.travelFeeCents).toBe(0)
  })
})

describe('rules brain: any message', () => {
  it('always answers within the §7 schema', async () => {
    const words = fc.constantFrom(
      'stop', 'STOP', 'cancel', 'book', '25', 'people', 'adults', 'kids', 'in', 'San Jose', 'Los Angeles', '95112',
      'next', 'Saturday', 'Dec 12', 'the 14th', 'at', '6pm', 'how much', '?', '!', 'manager', 'chicken', 'lobster upgrade',
      'party of', 'twenty', 'allergy', 'deposit', 'reschedule', 'hey', 'Dear', 'worried', '', '2026', '$',
    )
    const message = fc.oneof(fc.string({ maxLength: 200 }), fc.array(words, { maxLength: 15 }).map((parts) => parts.join(' ')))
    await fc.assert(
      fc.asyncProperty(message, fc.constantFrom<Channel>('sms', 'voice'), async (text, channel) => {
        const result = await brain.respond({ turns: [{ role: 'customer', text }], channel, now, knowledge: { settings, faqs: [] } })
        expect(Value.Errors(AgentResult, result)).toEqual([])
        expect(result.escalate).toBe(result.escalationReason !== null)
        expect(result.quote !== undefined).toBe(result.entities.guestCount !== null)
      }),
      { numRuns: 300 },
    )
  })
})
