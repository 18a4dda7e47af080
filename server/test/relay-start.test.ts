/**
 * The real `npm run relay` on explicit configuration: a variable that is set is used, or the
 * relay stops naming what is missing; `/healthz` says when start-up is done and what runs on
 * the built-in sandbox.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { buildTelephonySessionNotification } from '../sandbox/ringcentral/payloads'

const root = fileURLToPath(new URL('../../', import.meta.url))
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href

const running: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()))
})

function runRelay(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'server/src/cli/relay.ts')], {
    // A scratch folder, so a developer's .env cannot change the outcome.
    cwd: mkdtempSync(join(tmpdir(), 'relay-cwd-')),
    env: { PATH: process.env.PATH ?? '', RELAY_PORT: '0', RELAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'relay-data-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)))
  running.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exit
  })
  const startLine = new Promise<{ url: string; msg: string }>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as { url?: string; msg: string }
      if (entry.url) resolve(entry as { url: string; msg: string })
    })
    void exit.then((code) => reject(new Error(`relay exited ${code}: ${stderr}`)))
  })
  startLine.catch(() => {}) // awaited by the tests that expect a start; the others await the exit
  return { exit, startLine, stderr: () => stderr }
}

describe('npm run relay with explicit configuration', () => {
  it('with only RINGCENTRAL_WEBHOOK_TOKEN set, accepts a RingCentral webhook carrying that token', async () => {
    const token = 'a-verification-token-from-the-operator'
    const relay = runRelay({ RINGCENTRAL_WEBHOOK_TOKEN: token })
    const { url, msg } = await relay.startLine
    expect(msg).toContain('Real: RingCentral (webhooks only')
    expect(msg).toContain('Sandbox: Stripe, Plaid.')
    expect(msg).not.toContain(token)

    const post = (verificationToken: string) =>
      fetch(`${url}/webhooks/ringcentral`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'verification-token': verificationToken },
        body: JSON.stringify(buildTelephonySessionNotification({ telephonySessionId: 's-op-1', sequence: 1, statusCode: 'Proceeding', customerNumber: '+14085550199' })),
      })
    expect((await post(token)).status).toBe(200)
    expect((await post('some-other-token-entirely')).status).toBe(401)

    const health = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>
    expect(health).toMatchObject({ status: 'ok', ready: true, demo: false, sandbox: true })
  }, 40_000)

  it('stops naming what is missing when a provider is partly configured', async () => {
    const relay = runRelay({ STRIPE_SECRET_KEY: 'sk_test_operator_key', PLAID_BASE_URL: 'https://sandbox.plaid.com' })
    expect(await relay.exit).toBe(1)
    expect(relay.stderr()).toContain('STRIPE_WEBHOOK_SECRET is missing: Stripe is partly configured (STRIPE_SECRET_KEY set)')
    expect(relay.stderr()).toContain('PLAID_CLIENT_ID is missing')
    expect(relay.stderr()).toContain('PLAID_SECRET is missing')
    expect(relay.stderr()).not.toContain('sk_test_operator_key')
  }, 40_000)

  it('runs the demo only on the sandbox, and says so once ready', async () => {
    const relay = runRelay({ RELAY_DEMO: '1' })
    const { url, msg } = await relay.startLine
    expect(msg).toContain('Sandbox: RingCentral, Stripe, Plaid, Deepgram.')
    expect(msg).toContain('Demo business: on.')
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ready: true, demo: true, sandbox: true })
  }, 40_000)
})
