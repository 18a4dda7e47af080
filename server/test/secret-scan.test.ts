/**
 * The repository's secret scanner must catch what the preset misses. Each planted secret is
 * assembled at run time (so none sits in the repository) and must be reported by the scan.
 */
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const require = createRequire(import.meta.url)
const cli = join(dirname(require.resolve('secretlint/package.json')), 'bin/secretlint.js')
const alnum = (length: number) => randomBytes(length * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, length)

function scan(fileName: string, content: string) {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-'))
  const file = join(dir, fileName)
  writeFileSync(file, content)
  return spawnSync(process.execPath, [cli, '--secretlintrc', join(root, '.secretlintrc.json'), '--maskSecrets', file], {
    cwd: dir,
    encoding: 'utf8',
  })
}

const planted: [string, string, string][] = [
  ['Stripe webhook signing secret', 'config.ts', `const secret = "${['whsec', alnum(32)].join('_')}"`],
  ['Stripe secret key', 'stripe.ts', `new Stripe("${['sk', 'live', alnum(24)].join('_')}")`],
  ['Plaid access token', 'plaid.json', `{"access_token": "${['access', 'production', randomUUID()].join('-')}"}`],
  ['Switchboard device token', 'device.txt', `Authorization: Bearer ${['sbd', randomBytes(32).toString('base64url')].join('_')}`],
  ['OpenAI API key', 'agent.ts', `const key = "${['sk', 'proj', alnum(40)].join('-')}"`],
  ['a private key', 'key.pem', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()],
  ['an environment file', '.env', 'RELAY_PORT=8787\n'],
]

describe('secret scanner', () => {
  it.each(planted)('reports %s', (_label, fileName, content) => {
    const result = scan(fileName, content)
    expect(result.status, result.stdout + result.stderr).not.toBe(0)
    expect(result.stdout).toMatch(/error/)
  })

  it('stays quiet on ordinary code and placeholders', () => {
    const result = scan('clean.ts', 'const key = process.env.STRIPE_SECRET_KEY\nconst example = "whsec_..."\n')
    expect(result.status, result.stdout).toBe(0)
  })
})
