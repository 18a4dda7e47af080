/**
 * `npm run --silent agent -- --text "..." [--channel sms|voice] [--now ISO] [--settings FILE]`
 * (or `--conversation FILE`, or `--batch FILE` of JSON lines): prints the agent's answer as JSON,
 * the contract of architecture §7. Bad input: a message on stderr and a non-zero exit.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { Type, type TSchema } from 'typebox'
import { Value } from 'typebox/value'
import type { AgentBrain, AgentKnowledge } from '../../../src/domain/agent/agent-brain'
import { Channel, ConversationTurn, channels, type AgentResult } from '../../../src/domain/agent/agent-result'
import { faqsOf } from '../../../src/domain/schemas'
import { loadCommandBusiness, SettingsFileError } from './business-option'

const usage = `Usage: npm run --silent agent -- (--text "..." | --conversation FILE | --batch FILE) [--channel sms|voice] [--now ISO] [--settings FILE]

  --text TEXT          one customer message
  --conversation FILE  JSON array of {"role": "customer"|"agent", "text": "..."}, oldest first
  --batch FILE         JSON lines of {"text": "...", "channel"?: "sms"|"voice"}; one result per line, in order
  --channel            sms (default) or voice
  --now                the instant relative dates resolve against (ISO-8601); default: the current time
  --settings FILE      the business's settings document as synced (prices, hours, FAQs); without it the
                       built-in demo business answers, with its FAQs and packages (said on stderr)`

/** Bad input: the message goes to stderr and the process exits with `exitCode`. */
class InputError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

const Conversation = Type.Array(ConversationTurn, { minItems: 1, maxItems: 500 })
const BatchLine = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 5000 }), channel: Type.Optional(Channel) },
  { additionalProperties: false },
)

interface Request {
  turns: ConversationTurn[]
  channel: Channel
}

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        text: { type: 'string' },
        conversation: { type: 'string' },
        batch: { type: 'string' },
        channel: { type: 'string', default: 'sms' },
        now: { type: 'string' },
        settings: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new InputError(`${(error as Error).message}\n\n${usage}`, 2)
  }
  if (parsed.help === true) {
    process.stdout.write(`${usage}\n`)
    return 0
  }
  const sources = [parsed.text, parsed.conversation, parsed.batch].filter((value) => value !== undefined)
  if (sources.length !== 1) {
    throw new InputError(`Give exactly one of --text, --conversation or --batch.\n\n${usage}`, 2)
  }
  const channel = parseChannel(parsed.channel ?? 'sms', '--channel')
  const now = parseNow(parsed.now)

  let requests: Request[]
  if (parsed.text !== undefined) {
    if (parsed.text.trim().length === 0) throw new InputError('--text is empty.', 2)
    requests = [{ turns: [{ role: 'customer', text: parsed.text }], channel }]
  } else if (parsed.conversation !== undefined) {
    requests = [{ turns: readConversation(parsed.conversation), channel }]
  } else {
    requests = readBatch(parsed.batch!, channel)
  }

  let business
  try {
    business = loadCommandBusiness('agent', parsed.settings, new Date(now))
  } catch (error) {
    if (error instanceof SettingsFileError) throw new InputError(error.message)
    throw error
  }
  if (business.notice) process.stderr.write(`${business.notice}\n`)
  const knowledge: AgentKnowledge = { settings: business.settings, faqs: faqsOf(business.settings), packages: business.packages }
  const brain = await createBrain(knowledge)
  // Answer in order and print as we go, so a long batch streams rather than buffers.
  for (const request of requests) {
    const result: AgentResult = await brain.respond({ ...request, now, knowledge })
    process.stdout.write(`${JSON.stringify(result)}\n`)
  }
  return 0
}

/**
 * The rules brain, or with OPENAI_API_KEY the OpenAI brain backed by it (OPENAI_BASE_URL,
 * OPENAI_MODEL). Loaded only after the input checks out: the ZIP data is megabytes, and bad input
 * should fail fast. Fallback warnings go to stderr so stdout stays the JSON contract.
 */
async function createBrain(knowledge: AgentKnowledge): Promise<AgentBrain> {
  const [{ createAgentBrain, openAiConfigFromEnv }, { default: pino }, { loggerOptions }] = await Promise.all([
    import('../agent/create-brain'),
    import('pino'),
    import('../logging/logger'),
  ])
  return createAgentBrain({
    openai: openAiConfigFromEnv(process.env),
    baseLocation: knowledge.settings.baseLocation,
    logger: pino(loggerOptions('warn'), pino.destination(2)),
  })
}

function parseChannel(value: string, where: string): Channel {
  if ((channels as readonly string[]).includes(value)) return value as Channel
  throw new InputError(`${where} must be one of ${channels.join(', ')}, got "${value}".`, 2)
}

function parseNow(value: string | undefined): string {
  if (value === undefined) return new Date().toISOString()
  const instant = new Date(value)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(instant.getTime())) {
    throw new InputError(`--now must be an ISO-8601 instant such as 2026-11-22T18:00:00Z, got "${value}".`, 2)
  }
  return instant.toISOString()
}

function readInputFile(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`Cannot read ${flag} file "${path}": ${(error as Error).message}`)
  }
}

function readConversation(path: string): ConversationTurn[] {
  let turns: unknown
  try {
    turns = JSON.parse(readInputFile(path, '--conversation'))
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`--conversation file "${path}" is not valid JSON: ${(error as Error).message}`)
  }
  if (!Value.Check(Conversation, turns)) {
    throw new InputError(
      `--conversation file "${path}" must be a non-empty JSON array of {"role": "customer"|"agent", "text": "..."}: ${firstProblem(Conversation, turns)}`,
    )
  }
  if (!turns.some((turn) => turn.role === 'customer')) {
    throw new InputError(`--conversation file "${path}" has no customer message to answer.`)
  }
  return turns
}

/** Every line is checked before any is answered, so bad input never yields partial output. */
function readBatch(path: string, defaultChannel: Channel): Request[] {
  const requests: Request[] = []
  readInputFile(path, '--batch')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim().length === 0) return
      let entry: unknown
      try {
        entry = JSON.parse(line)
      } catch (error) {
        throw new InputError(`--batch line ${index + 1} is not valid JSON: ${(error as Error).message}`)
      }
      if (!Value.Check(BatchLine, entry)) {
        throw new InputError(
          `--batch line ${index + 1} must be {"text": "...", "channel"?: "sms"|"voice"}: ${firstProblem(BatchLine, entry)}`,
        )
      }
      requests.push({ turns: [{ role: 'customer', text: entry.text }], channel: entry.channel ?? defaultChannel })
    })
  if (requests.length === 0) throw new InputError(`--batch file "${path}" has no lines.`)
  return requests
}

function firstProblem(schema: TSchema, value: unknown): string {
  const [error] = Value.Errors(schema, value)
  if (error === undefined) return 'invalid'
  return `${error.instancePath || '(top level)'} ${error.message}`
}

// Setting exitCode (not calling exit) lets piped stdout drain before the process ends.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof InputError) {
      process.stderr.write(`${error.message}\n`)
      process.exitCode = error.exitCode
      return
    }
    process.stderr.write(`The agent failed: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
