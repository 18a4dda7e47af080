import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../business-profile'
import { createZipcodesDirectory } from '../geo/zipcodes-directory'
import type { Channel, Intent } from './agent-result'
import { extractEntities } from './entities'
import { detectIntent } from './intent'

const settings = demoBusinessProfile('2026-11-01T00:00:00.000Z')
const places = createZipcodesDirectory()

function intentOf(text: string, channel: Channel = 'sms'): Intent {
  const { entities } = extractEntities(text, {
    now: new Date('2026-11-22T04:00:00Z'),
    timeZone: settings.timeZone,
    places,
    defaultState: 'CA',
  })
  return detectIntent(text, { channel, escalationPhrases: settings.escalationPhrases, entities })
}

describe('detectIntent', () => {
  it.each<[string, Intent]>([
    ['I want to book a hibachi party for 20 on Dec 12', 'booking_inquiry'],
    ["We'd like to reserve a chef for our anniversary", 'booking_inquiry'],
    ['Party of 12 next Saturday in San Jose', 'booking_inquiry'],
    ["we're expecting about 25 people", 'booking_inquiry'],
    ['How much for 30 adults?', 'pricing'],
    ["What's your price per person?", 'pricing'],
    ['Can I get a quote for 15 adults and 4 kids', 'pricing'],
    ['How much is the deposit?', 'pricing'],
    ['Are you available on Dec 12?', 'availability'],
    ['Do you have any openings next Saturday?', 'availability'],
    ["What's included?", 'faq'],
    ['Do you bring the tables and chairs?', 'faq'],
    ['do you travel to Sacramento?', 'faq'],
    ['Can you do gluten free?', 'faq'],
    ['HELP', 'faq'],
    ['I need to reschedule our party', 'reschedule'],
    ['Can we move the date to Dec 19?', 'reschedule'],
    ['I need to cancel my booking for Saturday', 'cancel'],
    ['Can we cancel the party?', 'cancel'],
    ['Please cancel it', 'cancel'],
    ['Our caterer cancelled on us, can you do 30 people tomorrow?', 'booking_inquiry'],
    ["What's your cancellation policy?", 'faq'],
    ['if something comes up and we have to cancel do we lose everything?', 'faq'],
    ['how late can we cancel and still get the deposit back', 'faq'],
    ['can we cancel without penalty if someone gets covid', 'faq'],
    ['hey any way we could do the 19th instead of the 12th?', 'reschedule'],
    ['we have to postpone, what are our options', 'reschedule'],
    ["I'd like to request a date change for our booking", 'reschedule'],
    ['pls cancel jan 9', 'cancel'],
    ['the party is off, please cancel', 'cancel'],
    ['we decided not to go ahead with the party', 'cancel'],
    ['Is there a setup fee?', 'faq'],
    ['Do you have gluten free options?', 'faq'],
    ["We have to call it off, sorry", 'cancel'],
    ['I sent the deposit on Venmo', 'payment'],
    ['Can I pay the balance with a credit card?', 'payment'],
    ['The chef was 2 hours late and the food was cold food. Unacceptable.', 'complaint'],
    ['I want a refund', 'complaint'],
    ['Can I speak to a human?', 'human_request'],
    ['Let me talk to a person please', 'human_request'],
    ['I want a representative', 'human_request'],
    ['Get me your manager', 'human_request'],
    ['I want to cancel, get me a manager', 'human_request'],
    ['STOP', 'opt_out'],
    ['cancel', 'opt_out'],
    ['Cancel.', 'opt_out'],
    ['please stop texting me', 'opt_out'],
    ['START', 'other'],
    ['ok', 'other'],
    ['hello', 'other'],
  ])('%j → %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent)
  })

  it('treats SMS keywords as plain words on a call', () => {
    expect(intentOf('cancel', 'voice')).toBe('cancel')
    expect(intentOf('stop', 'voice')).toBe('other')
    expect(intentOf('please stop texting me', 'voice')).toBe('opt_out')
  })

  it('uses the escalation phrases from the profile', () => {
    const entities = extractEntities('put the big cheese on', {
      now: new Date('2026-11-22T04:00:00Z'),
      timeZone: settings.timeZone,
      places: null,
      defaultState: 'CA',
    }).entities
    const context = { channel: 'sms' as const, entities }
    expect(detectIntent('put the big cheese on', { ...context, escalationPhrases: ['big cheese'] })).toBe('human_request')
    expect(detectIntent('put the big cheese on', { ...context, escalationPhrases: [] })).not.toBe('human_request')
  })
})
