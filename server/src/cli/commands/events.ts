import pino from 'pino'
import type { WebhookInbox } from '../../storage/contracts'
import type { InboxEvent, InboxEventSummary, InboxStatus } from '../../storage/inbox-store'
import { openRelayStorage } from '../../storage/open-storage'
import type { RelayCommand } from '../relay'

const usage = 'Usage: npm run relay -- events list [--status pending|done|dead] [--json] | events show <id> [--raw] | events replay <id>\n'

export interface CommandOutput {
  stdout(text: string): void
  stderr(text: string): void
}

const processOutput: CommandOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}

/**
 * `npm run relay -- events …`: the webhook inbox. `<id>` is the inbox number shown by `list`, or a
 * provider event id. `show` leaves the raw body out unless `--raw` (it can hold personal data).
 */
export const eventsCommand: RelayCommand = {
  summary: 'webhook inbox: events list [--status S] [--json] | events show <id> [--raw] | events replay <id>',
  async run(config, args) {
    const opened = await openRelayStorage(config, pino({ level: 'silent' }))
    try {
      return await runEventsCommand(opened.storage.inbox, args, processOutput)
    } finally {
      await opened.close()
    }
  },
}

export async function runEventsCommand(inbox: WebhookInbox, args: string[], out: CommandOutput): Promise<number> {
  const [action, ...rest] = args

  if (action === 'list') {
    const status = optionValue(rest, '--status')
    if (status !== undefined && !['pending', 'done', 'dead'].includes(status)) {
      out.stderr(`--status must be pending, done or dead (got "${status}").\n`)
      return 2
    }
    const events = await inbox.list({ status: status as InboxStatus | undefined, limit: 500 })
    if (rest.includes('--json')) {
      out.stdout(`${JSON.stringify(events, null, 2)}\n`)
    } else if (events.length === 0) {
      out.stdout('The webhook inbox is empty.\n')
    } else {
      out.stdout(`${['#', 'provider', 'event id', 'status', 'attempts', 'last error'].join('\t')}\n`)
      for (const event of events) out.stdout(`${summaryLine(event)}\n`)
    }
    return 0
  }

  if ((action === 'show' || action === 'replay') && rest[0]) {
    const matches = await inbox.find(rest[0])
    if (matches.length === 0) {
      out.stderr(`No webhook event ${rest[0]}. See: npm run relay -- events list\n`)
      return 1
    }
    if (matches.length > 1) {
      out.stderr(`${rest[0]} matches ${matches.length} events (${matches.map((e) => `#${e.seq} ${e.provider}`).join(', ')}); use the # number.\n`)
      return 1
    }
    const event = matches[0]!
    if (action === 'show') {
      out.stdout(`${JSON.stringify(describe(event, rest.includes('--raw')), null, 2)}\n`)
      return 0
    }
    if (!(await inbox.replay(event.seq))) {
      out.stderr(`Event #${event.seq} is ${event.status}; only dead or done events can be replayed.\n`)
      return 1
    }
    out.stdout(`Event #${event.seq} (${event.provider} ${event.eventId}) is queued again; the relay's worker will process it.\n`)
    return 0
  }

  out.stderr(usage)
  return 2
}

function summaryLine(event: InboxEventSummary): string {
  return [`#${event.seq}`, event.provider, event.eventId, event.status, String(event.attempts), event.lastError ?? ''].join('\t')
}

function describe(event: InboxEvent, withRawBody: boolean) {
  const { body, ...summary } = event
  return withRawBody ? { ...summary, body: body.toString('utf8') } : { ...summary, bodyBytes: body.length }
}

function optionValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name)
  return index >= 0 ? args[index + 1] : undefined
}
