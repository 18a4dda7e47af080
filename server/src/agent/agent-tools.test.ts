import { describe, expect, it } from 'vitest'
import type { AgentKnowledge } from '../../../src/domain/agent/agent-brain'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { runTool, type ToolContext } from './agent-tools'

const settings = demoBusinessProfile('2026-11-01T00:00:00.000Z')
const noDistance = { distanceFromBase: async () => null }

async function availability(knowledge: AgentKnowledge, date: string): Promise<Record<string, unknown>> {
  const context: ToolContext = { knowledge, today: '2026-11-21', escalations: [] }
  return JSON.parse(await runTool('availability', JSON.stringify({ date }), context, { distance: noDistance })) as Record<string, unknown>
}

describe('availability tool', () => {
  it('counts the real bookings per slot, as the rules brain does', async () => {
    const bookings = [
      { eventDate: '2026-12-12', eventTime: '12:00', status: 'confirmed' as const },
      { eventDate: '2026-12-12', eventTime: '12:30', status: 'deposit_paid' as const },
      { eventDate: '2026-12-12', eventTime: '17:00', status: 'cancelled' as const },
    ]
    const result = await availability({ settings, faqs: [], bookings }, '2026-12-12')
    expect(result).toMatchObject({
      capacityChecked: true,
      fullyBooked: false,
      slots: [
        { name: 'Lunch', start: '12:00', capacity: 2, booked: 2, free: 0 },
        { name: 'Dinner', start: '17:00', capacity: 3, booked: 0, free: 3 },
      ],
    })
  })

  it('says when a date is full', async () => {
    const bookings = ['12:00', '12:00', '17:00', '17:00', '17:00'].map((eventTime) => ({
      eventDate: '2026-12-12', eventTime, status: 'confirmed' as const,
    }))
    expect(await availability({ settings, faqs: [], bookings }, '2026-12-12')).toMatchObject({ fullyBooked: true })
  })

  it('lists start times only, and says so, when the calendar is not given', async () => {
    expect(await availability({ settings, faqs: [] }, '2026-12-12')).toMatchObject({ capacityChecked: false })
  })

  it('refuses a date in the past', async () => {
    expect(await availability({ settings, faqs: [], bookings: [] }, '2026-11-01')).toMatchObject({ error: 'That date is in the past.' })
  })
})

describe('runTool with what a model may send', () => {
  const context: ToolContext = { knowledge: { settings, faqs: [], bookings: [] }, today: '2026-11-21', escalations: [] }
  const call = async (name: string, rawArguments: string) => JSON.parse(await runTool(name, rawArguments, context, { distance: noDistance })) as Record<string, unknown>

  it('answers a name that is no tool of ours, inherited ones included, with the list of tools', async () => {
    for (const name of ['send_money', 'constructor', 'toString', '__proto__']) {
      expect((await call(name, '{}')).error, name).toMatch(/^Unknown tool ".*"\. Available: quote, availability/)
    }
  })

  it('refuses arguments that break the schema, and malformed JSON, without running the tool', async () => {
    expect((await call('availability', JSON.stringify({ date: 'next Friday' }))).error).toMatch(/^Invalid arguments: \/date/)
    expect((await call('availability', JSON.stringify({ date: '2026-12-12', extra: 1 }))).error).toMatch(/^Invalid arguments/)
    expect((await call('quote', '{"adults": 10,')).error).toBe('The arguments are not valid JSON.')
  })
})
