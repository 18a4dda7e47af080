/**
 * Structured logging for the relay (pino), redacted by default: every object and message passes
 * through `redactDeep`/`redactText` in the logger itself, so no call site can forget.
 */
import { join } from 'node:path'
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino'
import { ensurePrivateDir, ensurePrivateFile, privateFileMode } from '../storage/private-files'
import { redactDeep, redactText, redactUrl } from './redact'

export type { Logger }

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'relay' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      // Request and reply objects are left to their serializers below, which keep only safe fields.
      log: ({ req, res, ...rest }) => ({
        ...(redactDeep(rest) as Record<string, unknown>),
        ...(req === undefined ? {} : { req }),
        ...(res === undefined ? {} : { res }),
      }),
    },
    serializers: {
      err: (error: Error) => redactDeep(error),
      req: (request: { method?: string; url?: string; ip?: string }) => ({
        method: request.method,
        url: request.url ? redactUrl(request.url) : undefined,
      }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg))
        return method.apply(this, scrubbed as Parameters<typeof method>)
      },
    },
  }
}

/** Logs to standard output and to `<dataDir>/logs/relay.log` (a private folder and file, 0700 and 0600). */
export function createRelayLogger(level: string, dataDir: string, extra?: DestinationStream): Logger {
  if (level === 'silent') return pino({ level: 'silent' })
  const logDir = join(dataDir, 'logs')
  ensurePrivateDir(logDir)
  const logFile = join(logDir, 'relay.log')
  ensurePrivateFile(logFile)
  const streams: pino.StreamEntry[] = [
    { stream: process.stdout, level: level as pino.Level },
    { stream: pino.destination({ dest: logFile, sync: false, mode: privateFileMode }), level: level as pino.Level },
  ]
  if (extra) streams.push({ stream: extra, level: level as pino.Level })
  return pino(loggerOptions(level), pino.multistream(streams))
}

/** A named child logger per subsystem (`inbox`, `sync`, …). */
export function subsystemLogger(parent: Logger, subsystem: string): Logger {
  return parent.child({ subsystem })
}
