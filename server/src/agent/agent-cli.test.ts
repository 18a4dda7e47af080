import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { openAiSimulatorPerFile } from '../../sandbox/openai/simulator-per-file'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { AgentResult } from '../../../src/domain/agent/agent-result'
import { demoBusinessNotice } from '../cli/business-option'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const now = '2026-11-22T04:00:00Z'
const text = 'How much for 30 adults in Fremont on Dec 12?'

const sim = openAiSimulatorPerFile()

/** Runs the real command asynchronously: the simulator answers from this same process. */
function runAgent(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env }
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL']) if (!(name in env)) delete childEnv[name]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'server/src/cli/agent.ts', '--text', text, '--now', now], {
      cwd: repoRoot,
      env: childEnv,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill(), 90_000)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
}

function parseResult(stdout: string): AgentResult {
  const lines = stdout.trim().split('\n')
  expect(lines).toHaveLength(1)
  const result: unknown = JSON.parse(lines[0]!)
  expect(Value.Errors(AgentResult, result)).toEqual([])
  return result as AgentResult
}

const modelAnswer = {
  intent: 'pricing',
  tone: 'direct',
  entities: { adults: 30, kids: null, guestCount: 30, date: '2026-12-12', time: null, location: 'Fremont', zip: null, proteins: [], addOns: [] },
  escalate: false,
  escalationReason: null,
  followUp: null,
  reply: 'Model reply: 30 adults in Fremont comes to $1,650.',
  suggestions: [],
}

describe('npm run agent with OPENAI_API_KEY', { timeout: 120_000 }, () => {
  it('answers through the OpenAI brain at OPENAI_BASE_URL with OPENAI_MODEL and prints the contract', async () => {
    await sim.control.script(
      { kind: 'tool_calls', calls: [{ name: 'quote', arguments: { adults: 30, kids: 0, zip: null, city: 'Fremont' } }] },
      { kind: 'content', content: modelAnswer },
    )
    const run = await runAgent({ OPENAI_API_KEY: sim.simulator.apiKey, OPENAI_BASE_URL: sim.simulator.baseURL, OPENAI_MODEL: 'local-test-model' })
    expect(run.stderr).toBe(`${demoBusinessNotice('agent')}\n`)
    expect(run.status).toBe(0)
    const result = parseResult(run.stdout)
    expect(result).toMatchObject(modelAnswer)
    expect(result.quote).toMatchObject({ subtotalCents: 165_000, travelFeeCents: 0, totalCents: 165_000 })

    const requests = await sim.control.requests()
    expect(requests).toHaveLength(2)
    expect(requests.every((request) => request.authorized)).toBe(true)
    expect(requests.map((request) => (request.body as { model: string }).model)).toEqual(['local-test-model', 'local-test-model'])
  })

  it('falls back to the rules brain when the model server fails, logging the reason but not the message', async () => {
    await sim.control.script({ kind: 'error', status: 500 }, { kind: 'error', status: 500 })
    const run = await runAgent({ OPENAI_API_KEY: sim.simulator.apiKey, OPENAI_BASE_URL: sim.simulator.baseURL })
    expect(run.status).toBe(0)
    const result = parseResult(run.stdout)
    expect(result.intent).toBe('pricing')
    expect(result.reply).not.toMatch(/Model reply/)
    expect(result.quote?.totalCents).toBe(165_000)
    expect(run.stderr).toMatch(/"reason":"server_error"/)
    expect(run.stderr).not.toContain('Fremont')
    expect(run.stderr).not.toContain(sim.simulator.apiKey)
  })

  it('with OPENAI_BASE_URL alone asks the model server without a key (a server that wants one refuses; the rules brain answers)', async () => {
    const run = await runAgent({ OPENAI_BASE_URL: sim.simulator.baseURL })
    expect(run.status).toBe(0)
    expect(parseResult(run.stdout).quote?.totalCents).toBe(165_000)
    const requests = await sim.control.requests()
    expect(requests.length).toBeGreaterThan(0)
    expect(requests.every((request) => !request.withAuthorization && !request.authorized)).toBe(true)
  })

  it('without any OpenAI variable never contacts the model server', async () => {
    const run = await runAgent({})
    expect(run.stderr).toBe(`${demoBusinessNotice('agent')}\n`)
    expect(run.status).toBe(0)
    expect(parseResult(run.stdout).quote?.totalCents).toBe(165_000)
    expect(await sim.control.requests()).toEqual([])
  })
})
