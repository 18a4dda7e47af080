import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Value } from 'typebox/value'
import { afterAll, describe, expect, it } from 'vitest'
import { AgentResult } from '../../../src/domain/agent/agent-result'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { demoBusinessNotice } from './business-option'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const workDir = mkdtempSync(join(tmpdir(), 'agent-cli-'))
const now = '2026-11-22T04:00:00Z' // Saturday 21 November 2026, 8 pm in Fremont

afterAll(() => rmSync(workDir, { recursive: true, force: true }))

/** Runs the real command the way `npm run agent` does, without OPENAI_API_KEY. */
function runAgent(args: string[]) {
  const env = { ...process.env }
  delete env.OPENAI_API_KEY
  const run = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'server/src/cli/agent.ts', ...args], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: 90_000,
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

function writeInput(name: string, content: string): string {
  const path = join(workDir, name)
  writeFileSync(path, content)
  return path
}

function parseResult(line: string): AgentResult {
  const result: unknown = JSON.parse(line)
  expect(Value.Errors(AgentResult, result)).toEqual([])
  return result as AgentResult
}

// Each case spawns the real command (a few seconds each on a busy machine).
describe('npm run agent', { timeout: 120_000 }, () => {
  it('answers one message with one JSON object (§4: 30 adults in Fremont → $1,650, travel $0)', () => {
    const run = runAgent(['--text', 'How much for 30 adults in Fremont on Dec 12?', '--now', now])
    expect(run.stderr).toBe(`${demoBusinessNotice('agent')}\n`)
    expect(run.status).toBe(0)
    expect(run.stdout.trim().split('\n')).toHaveLength(1)
    const result = parseResult(run.stdout)
    expect(result.intent).toBe('pricing')
    expect(result.entities).toMatchObject({ adults: 30, guestCount: 30, date: '2026-12-12', location: 'Fremont' })
    expect(result.quote).toMatchObject({ subtotalCents: 165_000, travelFeeCents: 0, totalCents: 165_000, declined: false })
    expect(result.quote?.distanceIsEstimate).toBe(true)
    expect(run.stdout).not.toMatch(/openai/i)
  })

  it('resolves relative dates against --now', () => {
    const first = parseResult(runAgent(['--text', 'party of 12 tomorrow', '--now', now]).stdout)
    const later = parseResult(runAgent(['--text', 'party of 12 tomorrow', '--now', '2026-12-01T20:00:00Z']).stdout)
    expect(first.entities.date).toBe('2026-11-22')
    expect(later.entities.date).toBe('2026-12-02')
  })

  it('declines beyond the service area with the offline estimate', () => {
    const result = parseResult(runAgent(['--text', '30 adults in Los Angeles', '--now', now]).stdout)
    expect(result.quote).toMatchObject({ declined: true, travelFeeCents: null, totalCents: null, distanceIsEstimate: true })
    expect(result.quote?.distanceMiles).toBeGreaterThan(100)
  })

  it('keyword "cancel" opts out on SMS but not on a call', () => {
    expect(parseResult(runAgent(['--text', 'CANCEL', '--now', now]).stdout).intent).toBe('opt_out')
    expect(parseResult(runAgent(['--text', 'cancel', '--channel', 'voice', '--now', now]).stdout).intent).toBe('cancel')
  })

  it('reads a conversation file', () => {
    const file = writeInput(
      'conversation.json',
      JSON.stringify([
        { role: 'customer', text: 'Hi! How much for a hibachi party?' },
        { role: 'agent', text: 'How many guests are you expecting?' },
        { role: 'customer', text: '20 adults and 5 kids' },
        { role: 'agent', text: 'What city or ZIP code will the party be in?' },
        { role: 'customer', text: '95112' },
      ]),
    )
    const run = runAgent(['--conversation', file, '--now', now])
    expect(run.status).toBe(0)
    const result = parseResult(run.stdout)
    expect(result.intent).toBe('pricing')
    expect(result.entities).toMatchObject({ adults: 20, kids: 5, guestCount: 25, zip: '95112' })
    expect(result.quote).toMatchObject({ subtotalCents: 125_000, travelFeeCents: 0, totalCents: 125_000 })
  })

  it('answers a batch one line per input, in order', () => {
    const inputs = [
      { text: 'STOP' },
      { text: 'How much for 6 adults?' },
      { text: 'I need to cancel my booking for Saturday' },
      { text: 'HELP' },
      { text: 'Can I speak to a human?', channel: 'voice' },
      { text: 'we are expecting about 25 people in San Jose next Saturday at 6pm' },
    ]
    const file = writeInput('batch.jsonl', `${inputs.map((input) => JSON.stringify(input)).join('\n')}\n\n`)
    const run = runAgent(['--batch', file, '--now', now])
    expect(run.stderr).toBe(`${demoBusinessNotice('agent')}\n`)
    expect(run.status).toBe(0)
    const results = run.stdout.trim().split('\n').map(parseResult)
    expect(results.map((result) => result.intent)).toEqual([
      'opt_out',
      'pricing',
      'cancel',
      'faq',
      'human_request',
      'booking_inquiry',
    ])
    expect(results[1]!.quote).toMatchObject({ subtotalCents: 55_000, travelFeeCents: null, totalCents: null })
    expect(results[3]!.reply).toContain('Hibachi at Home Bay Area')
    expect(results[5]!.entities).toMatchObject({ guestCount: 25, date: '2026-11-28', time: '18:00', location: 'San Jose' })
  })

  it('without --settings answers as the demo business, its FAQs and packages included, and says so on stderr', () => {
    const file = writeInput('demo-batch.jsonl', [{ text: "What's included?" }, { text: 'How much for 30 adults in Fremont?' }].map((line) => JSON.stringify(line)).join('\n'))
    const run = runAgent(['--batch', file, '--now', now])
    expect(run.stderr).toBe(`${demoBusinessNotice('agent')}\n`)
    const [faq, pricing] = run.stdout.trim().split('\n').map(parseResult)
    expect(faq!.reply).toContain('Every guest gets salad, fried rice, vegetables and two proteins')
    expect(pricing!.reply).toContain('Holiday Feast')
  })

  it('with --settings answers as that business: its prices and FAQs, and no demo packages', () => {
    const settings = {
      ...demoBusinessProfile('2026-11-01T00:00:00.000Z'),
      businessName: "Teppan Tom's",
      adultPriceCents: 6000,
      faqs: [{ question: 'Where do you park?', keywords: ['park'], answer: 'Our truck parks on the street; no driveway needed.' }],
      _deleted: false,
    }
    const settingsFile = writeInput('settings.json', JSON.stringify(settings))
    const file = writeInput('own-batch.jsonl', [{ text: 'Where will you park?' }, { text: 'How much for 30 adults in Fremont?' }].map((line) => JSON.stringify(line)).join('\n'))
    const run = runAgent(['--batch', file, '--now', now, '--settings', settingsFile])
    expect(run.stderr).toBe('')
    const [faq, pricing] = run.stdout.trim().split('\n').map(parseResult)
    expect(faq!.reply).toContain('Our truck parks on the street')
    expect(pricing!.quote).toMatchObject({ subtotalCents: 180_000 })
    expect(pricing!.reply).not.toContain('Holiday Feast')

    const broken = writeInput('broken-settings.json', JSON.stringify({ ...settings, adultPriceCents: 'sixty' }))
    const refused = runAgent(['--text', 'hi', '--settings', broken])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/--settings file ".*" is not a settings document: \/adultPriceCents/)
    expect(refused.stdout).toBe('')
  })

  it.each([
    ['no input', [], /exactly one of/],
    ['two inputs', ['--text', 'hi', '--batch', 'x.jsonl'], /exactly one of/],
    ['an unknown option', ['--text', 'hi', '--mood', 'happy'], /Unknown option/i],
    ['an unknown channel', ['--text', 'hi', '--channel', 'fax'], /--channel must be one of sms, voice/],
    ['a bad --now', ['--text', 'hi', '--now', 'next tuesday'], /--now must be an ISO-8601 instant/],
    ['an empty --text', ['--text', '   '], /--text is empty/],
    ['a missing file', ['--conversation', 'does-not-exist.json'], /Cannot read --conversation file/],
  ])('rejects %s with a message on stderr and a non-zero exit', (_, args, message) => {
    const run = runAgent(args)
    expect(run.status).not.toBe(0)
    expect(run.stderr).toMatch(message)
    expect(run.stdout).toBe('')
  })

  it('rejects a malformed conversation file', () => {
    const notJson = writeInput('bad.json', '[{"role": "customer", ')
    expect(runAgent(['--conversation', notJson]).stderr).toMatch(/not valid JSON/)
    const wrongShape = writeInput('wrong.json', JSON.stringify([{ role: 'chef', text: 'hello' }]))
    const run = runAgent(['--conversation', wrongShape])
    expect(run.status).not.toBe(0)
    expect(run.stderr).toMatch(/must be a non-empty JSON array/)
    const agentOnly = writeInput('agent-only.json', JSON.stringify([{ role: 'agent', text: 'Hi!' }]))
    expect(runAgent(['--conversation', agentOnly]).stderr).toMatch(/no customer message/)
  })

  it('rejects a batch with a bad line before answering any', () => {
    const file = writeInput('bad-batch.jsonl', [JSON.stringify({ text: 'STOP' }), '{"txt": "hello"}'].join('\n'))
    const run = runAgent(['--batch', file, '--now', now])
    expect(run.status).not.toBe(0)
    expect(run.stderr).toMatch(/--batch line 2/)
    expect(run.stdout).toBe('')
  })
})
