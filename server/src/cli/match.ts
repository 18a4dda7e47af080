/**
 * `npm run --silent match -- --bookings B.json --transactions T.json [--now ISO] [--settings FILE]`
 *
 * Matches bank transactions (Plaid `/transactions/sync` objects) to bookings and prints one
 * verdict per transaction as a JSON array (architecture §7). Bad input: a message on stderr and
 * exit code 1; bad arguments: exit code 2.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { Transaction as PlaidTransaction } from 'plaid'
import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import {
  MatchBookingList,
  matchingOptionsFromSettings,
  matchTransactions,
  PlaidTransactionList,
  type MatchBooking,
  type PlaidTransactionInput,
} from '../../../src/domain/matching'
import { loadCommandBusiness, SettingsFileError } from './business-option'

// Fails to compile if Plaid's own Transaction type stops fitting what the matcher reads.
type PlaidFitsMatcher = PlaidTransaction extends PlaidTransactionInput ? true : never
const plaidFitsMatcher: PlaidFitsMatcher = true
void plaidFitsMatcher

const usage = `Usage: npm run --silent match -- --bookings B.json --transactions T.json [--now ISO] [--settings FILE]

  --bookings FILE       JSON array of bookings
  --transactions FILE   JSON array of Plaid transactions, as /transactions/sync returns them in "added"
  --now ISO             the current instant (default: the clock), e.g. 2026-11-22T18:00:00Z
  --settings FILE       the business's settings document as synced (its time zone and tip range);
                        without it the built-in demo business is used (said on stderr)`

/** Bad input the user can fix: reported on stderr with this exit code. */
class InputError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message)
  }
}

function readJson(path: string, what: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`Cannot read the ${what} file "${path}": ${(error as Error).message}`, 1)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new InputError(`The ${what} file "${path}" is not valid JSON: ${(error as Error).message}`, 1)
  }
}

/** `/3/counterparties/0/name` → `[3].counterparties[0].name`. */
function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')
}

function validated<T>(schema: TSchema, value: unknown, what: string, path: string): T {
  if (!Array.isArray(value)) throw new InputError(`The ${what} file "${path}" must hold a JSON array`, 1)
  const [first] = Value.Errors(schema, value)
  if (first) {
    const params = first.params as { allowedValues?: unknown[]; requiredProperties?: string[] }
    const allowed = params.allowedValues ? ` (one of ${params.allowedValues.join(', ')})` : ''
    const field = fieldPath(first.instancePath)
    // A missing field is reported on its parent object: name the field itself.
    if (first.keyword === 'required' && params.requiredProperties?.length) {
      const missing = params.requiredProperties.map((name) => `${what}${field}.${name}`).join(', ')
      throw new InputError(`Invalid ${what} in "${path}": ${missing} is missing`, 1)
    }
    throw new InputError(`Invalid ${what} in "${path}": ${what}${field} ${first.message}${allowed}`, 1)
  }
  return value as T
}

function requireUniqueIds(ids: string[], what: string): void {
  const seen = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) throw new InputError(`Invalid ${what}: id "${id}" appears more than once`, 1)
    seen.add(id)
  }
}

function main(argv: string[]): number {
  let values: { bookings?: string; transactions?: string; now?: string; settings?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        bookings: { type: 'string' },
        transactions: { type: 'string' },
        now: { type: 'string' },
        settings: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new InputError(`${(error as Error).message}\n\n${usage}`, 2)
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return 0
  }
  if (!values.bookings || !values.transactions) {
    throw new InputError(`Both --bookings and --transactions are required.\n\n${usage}`, 2)
  }
  const now = values.now ?? new Date().toISOString()
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(now) || Number.isNaN(Date.parse(now))) {
    throw new InputError(`--now must be an ISO-8601 instant such as 2026-11-22T18:00:00Z, got "${now}"`, 2)
  }

  const bookings = validated<MatchBooking[]>(MatchBookingList, readJson(values.bookings, 'bookings'), 'bookings', values.bookings)
  const transactions = validated<PlaidTransactionInput[]>(
    PlaidTransactionList,
    readJson(values.transactions, 'transactions'),
    'transactions',
    values.transactions,
  )
  requireUniqueIds(bookings.map((booking) => booking.id), 'bookings')
  for (const [index, booking] of bookings.entries()) {
    if (booking.depositCents > booking.totalCents) {
      throw new InputError(`Invalid bookings: bookings[${index}].depositCents is more than its totalCents`, 1)
    }
  }

  let business
  try {
    business = loadCommandBusiness('match', values.settings, new Date(Date.parse(now)))
  } catch (error) {
    if (error instanceof SettingsFileError) throw new InputError(error.message, 1)
    throw error
  }
  if (business.notice) process.stderr.write(`${business.notice}\n`)
  const options = matchingOptionsFromSettings(business.settings)
  const outcomes = matchTransactions(bookings, transactions, { now: new Date(Date.parse(now)).toISOString(), options })
  process.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`)
  return 0
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (error) {
  if (error instanceof InputError) {
    process.stderr.write(`${error.message}\n`)
    process.exitCode = error.exitCode
  } else {
    process.stderr.write(`match failed: ${(error as Error).stack ?? String(error)}\n`)
    process.exitCode = 1
  }
}
