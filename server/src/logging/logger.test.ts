import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { canaries, encodedForms, findLeaks } from './leak-scan'
import { createRelayLogger, loggerOptions } from './logger'

function captureLogger() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString().trim().split('\n'))
      callback()
    },
  })
  return { logger: pino(loggerOptions('info'), stream), lines }
}

describe('relay logger', () => {
  it('redacts personal data in objects and in the message itself', () => {
    const { logger, lines } = captureLogger()
    logger.info({ customerPhone: '+14085550199', customerName: 'Dana Whitfield', bookingId: 'bk_1' }, 'texted 408-555-0199')
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(entry).toMatchObject({ customerPhone: '[redacted]', customerName: '[redacted]', bookingId: 'bk_1', msg: 'texted [redacted]' })
    expect(lines.join('\n')).not.toMatch(/5550199|Whitfield/)
  })

  it('writes the log file in the data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-log-'))
    const logger = createRelayLogger('info', dataDir)
    logger.info({ token: 'U1BCMDFUMDRKV1Mw' }, 'paired a device')
    await new Promise<void>((resolve) => logger.flush(() => resolve()))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const written = readFileSync(join(dataDir, 'logs', 'relay.log'), 'utf8')
    expect(written).toContain('paired a device')
    expect(written).not.toContain('U1BCMDFUMDRKV1Mw')
  })

  it('writes no canary to its file, wherever a call site puts it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-log-'))
    const logger = createRelayLogger('info', dataDir)
    logger.info({ customerPhone: canaries.phone, customerName: canaries.customerName }, 'booking confirmed')
    logger.info({ inbound: { said: canaries.customerText, from: canaries.phone } }, `text from ${canaries.phone}`)
    logger.warn({ headers: { authorization: `Bearer ${canaries.token}` }, retry: canaries.token }, 'refused a device')
    logger.error({ err: new Error(`could not text ${canaries.phone}: ${canaries.token}`) }, 'send failed')
    await new Promise<void>((resolve) => logger.flush(() => resolve()))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const written = readFileSync(join(dataDir, 'logs', 'relay.log'), 'utf8')
    expect(written).toContain('send failed')
    expect(findLeaks(written)).toEqual([])
  })

  it('has a scan that finds every canary written in clear', () => {
    const leaks = findLeaks(Object.values(canaries).join('\n'))
    expect(leaks).toEqual(expect.arrayContaining(['phone number', 'canary phone number', 'canary text', 'canary token', 'name Octavia Brightwater']))
  })

  it('has a scan that finds every canary in its URL-encoded and form-encoded forms too', () => {
    for (const value of Object.values(canaries)) {
      for (const form of encodedForms(value)) expect(findLeaks(`GET /x?v=${form}`), form).not.toEqual([])
    }
    expect(findLeaks('GET /customers/Octavia%20Brightwater')).toContain('name Octavia Brightwater')
    expect(findLeaks('GET /customers/cus_8Brightwater9')).toEqual([])
  })

  it('writes no encoded canary to its file, in messages, URLs or fields', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-log-'))
    const logger = createRelayLogger('info', dataDir)
    for (const value of Object.values(canaries)) {
      for (const form of encodedForms(value)) {
        logger.info({ req: { method: 'GET', url: `/lookup/${form}?who=${form}&limit=1` }, target: `/lookup?q=${form}` }, `fetched /lookup/${form}?name=${form}`)
      }
    }
    await new Promise<void>((resolve) => logger.flush(() => resolve()))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const written = readFileSync(join(dataDir, 'logs', 'relay.log'), 'utf8')
    expect(written).toContain('fetched /lookup/')
    expect(findLeaks(written)).toEqual([])
  })
})
