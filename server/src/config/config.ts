/**
 * The relay's configuration (architecture §5), parsed once at start from the environment and an
 * optional `.env` file. A bad value stops the relay with a message naming the variable.
 */
import { Type, type TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { parseTrustedProxies } from './trusted-proxies'

interface VariableSpec {
  schema: TSchema
  /** What a valid value looks like, for the error message. */
  expected: string
  default?: string
  secret?: boolean
}

const Url = Type.String({ pattern: '^https?://[^\\s]+$' })
const Text = Type.String({ minLength: 1 })

const variables = {
  RELAY_HOST: { schema: Text, expected: 'a host name or IP address', default: '127.0.0.1' },
  RELAY_PORT: {
    schema: Type.Integer({ minimum: 0, maximum: 65535 }),
    expected: 'a whole number from 0 to 65535',
    default: '8787',
  },
  RELAY_DATA_DIR: { schema: Text, expected: 'a folder path', default: './data' },
  /** A PostgreSQL database instead of the SQLite file in RELAY_DATA_DIR (see server/src/storage/README.md). */
  DATABASE_URL: { schema: Type.String({ pattern: '^postgres(ql)?://[^\\s]+$' }), expected: 'a postgres:// URL (postgres://user:password@host:5432/database)', secret: true },
  /** The schema of DATABASE_URL's database the relay's tables live in (one database, several businesses). */
  RELAY_DATABASE_SCHEMA: { schema: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' }), expected: 'a lower-case schema name (letters, digits, _)', default: 'public' },
  /** Where providers reach the relay from outside (behind a proxy or tunnel); defaults to the listen address. */
  RELAY_PUBLIC_URL: { schema: Url, expected: 'an http(s) URL' },
  /** 1: on the embedded sandbox, seed the demo business and let the scenario player drive it. */
  RELAY_DEMO: { schema: Type.Union([Type.Literal('0'), Type.Literal('1')]), expected: '0 or 1', default: '0' },
  /** Reverse proxies whose `X-Forwarded-For` is believed; without it the socket's address is the client. */
  RELAY_TRUST_PROXY: { schema: Text, expected: 'comma-separated IP addresses or CIDR ranges (e.g. 10.0.0.5,172.16.0.0/12) or loopback' },
  /** Refused webhook requests (bad signature, malformed body) one source may send per minute before the rest get 429. */
  RELAY_WEBHOOK_REFUSALS_PER_MINUTE: {
    schema: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    expected: 'a whole number from 1 to 1000000',
    default: '60',
  },
  RELAY_LOG_LEVEL: {
    schema: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
    default: 'info',
  },
  /** Per paired device: texts to customers it may start in an hour (replies, confirmations, links). */
  RELAY_DEVICE_TEXTS_PER_HOUR: { schema: Type.Integer({ minimum: 0, maximum: 100000 }), expected: 'a whole number from 0 to 100000', default: '60' },
  /** Per paired device: Stripe deposit links it may cause in an hour (confirming bookings, re-sending links). */
  RELAY_DEVICE_CHECKOUTS_PER_HOUR: { schema: Type.Integer({ minimum: 0, maximum: 100000 }), expected: 'a whole number from 0 to 100000', default: '20' },
  /** Per paired device: new records (bookings, customers, threads) it may create in an hour. */
  RELAY_DEVICE_CREATIONS_PER_HOUR: { schema: Type.Integer({ minimum: 0, maximum: 1000000 }), expected: 'a whole number from 0 to 1000000', default: '500' },
  /** How often every linked bank is synced even without a Plaid webhook (hours; a missed webhook then delays, never loses). */
  RELAY_BANK_SYNC_HOURS: { schema: Type.Number({ minimum: 0.01, maximum: 168 }), expected: 'a number of hours from 0.01 to 168', default: '6' },
  RINGCENTRAL_SERVER_URL: { schema: Url, expected: 'an http(s) URL' },
  RINGCENTRAL_CLIENT_ID: { schema: Text, expected: 'the app client id' },
  RINGCENTRAL_CLIENT_SECRET: { schema: Text, expected: 'the app client secret', secret: true },
  RINGCENTRAL_JWT: { schema: Text, expected: 'a JWT credential', secret: true },
  RINGCENTRAL_WEBHOOK_TOKEN: { schema: Type.String({ minLength: 16 }), expected: 'at least 16 characters', secret: true },
  /** The SIP device (a softphone device of the relay's extension) that listens in on escalated calls for live transcripts. */
  RINGCENTRAL_TAP_DEVICE_ID: { schema: Type.String({ pattern: '^[0-9]+$' }), expected: 'a RingCentral device id (digits)' },
  STRIPE_SECRET_KEY: { schema: Type.String({ pattern: '^(sk|rk)_' }), expected: 'a key starting sk_ or rk_', secret: true },
  STRIPE_WEBHOOK_SECRET: { schema: Type.String({ pattern: '^whsec_' }), expected: 'a secret starting whsec_', secret: true },
  STRIPE_API_BASE: { schema: Url, expected: 'an http(s) URL' },
  PLAID_CLIENT_ID: { schema: Text, expected: 'the Plaid client id' },
  PLAID_SECRET: { schema: Text, expected: 'the Plaid secret', secret: true },
  PLAID_BASE_URL: { schema: Url, expected: 'an http(s) URL' },
  OPENAI_API_KEY: { schema: Text, expected: 'an API key', secret: true },
  OPENAI_BASE_URL: { schema: Url, expected: 'an http(s) URL' },
  OPENAI_MODEL: { schema: Text, expected: 'a model name' },
  DEEPGRAM_API_KEY: { schema: Text, expected: 'an API key', secret: true },
  DEEPGRAM_URL: { schema: Url, expected: 'an http(s) URL' },
} as const satisfies Record<string, VariableSpec>

export type VariableName = keyof typeof variables
type Raw = Partial<Record<VariableName, string>>

export interface RelayConfig {
  host: string
  port: number
  dataDir: string
  /** PostgreSQL instead of SQLite when set (it holds a password: never log it unredacted). */
  databaseUrl: string | null
  /** The schema the tables live in on PostgreSQL (`public` unless RELAY_DATABASE_SCHEMA says). */
  databaseSchema: string
  /** The relay's address as providers see it, without a trailing slash; null means the listen address. */
  publicUrl: string | null
  demo: boolean
  /** Addresses and CIDR ranges of trusted reverse proxies (empty: believe no forwarded address). */
  trustProxy: string[]
  /** Refused webhook requests per source and minute before the rest are answered 429. */
  webhookRefusalsPerMinute: number
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** The periodic Plaid `/transactions/sync` of every linked bank, besides webhooks. */
  bankSyncIntervalMs: number
  /** What one paired device may set in motion per hour (see sync/device-quotas). */
  deviceQuotas: { textsPerHour: number; checkoutsPerHour: number; creationsPerHour: number }
  /** With no provider credentials configured the relay talks to the built-in sandbox. */
  providers: {
    ringCentral: {
      mode: 'live' | 'sandbox'
      serverUrl?: string
      clientId?: string
      clientSecret?: string
      jwt?: string
      webhookToken?: string
      /** Listens in on escalated calls (calls/softphone-audio-tap.ts); without it live calls are not transcribed. */
      tapDeviceId?: string
    }
    stripe: { mode: 'live' | 'sandbox'; secretKey?: string; webhookSecret?: string; apiBase?: string }
    plaid: { mode: 'live' | 'sandbox'; clientId?: string; secret?: string; baseUrl?: string }
    openai: { enabled: boolean; apiKey?: string; baseUrl?: string; model?: string }
    deepgram: { mode: 'live' | 'sandbox'; apiKey?: string; url?: string }
  }
}

/** Every variable of each provider: with none of them set, the provider runs on the built-in sandbox. */
export const providerVariables = {
  ringCentral: [
    'RINGCENTRAL_SERVER_URL',
    'RINGCENTRAL_CLIENT_ID',
    'RINGCENTRAL_CLIENT_SECRET',
    'RINGCENTRAL_JWT',
    'RINGCENTRAL_WEBHOOK_TOKEN',
    'RINGCENTRAL_TAP_DEVICE_ID',
  ],
  stripe: ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE'],
  plaid: ['PLAID_CLIENT_ID', 'PLAID_SECRET', 'PLAID_BASE_URL'],
  deepgram: ['DEEPGRAM_API_KEY', 'DEEPGRAM_URL'],
} as const satisfies Record<string, readonly VariableName[]>

/**
 * RingCentral's app: what the relay needs to call the REST API (send texts, control calls, keep
 * its webhook subscription). Without any of it, RINGCENTRAL_WEBHOOK_TOKEN alone still lets the
 * relay receive webhooks from a subscription made elsewhere.
 */
const ringCentralAppVariables = [
  'RINGCENTRAL_SERVER_URL',
  'RINGCENTRAL_CLIENT_ID',
  'RINGCENTRAL_CLIENT_SECRET',
  'RINGCENTRAL_JWT',
  'RINGCENTRAL_TAP_DEVICE_ID',
] as const satisfies readonly VariableName[]
const ringCentralAppRequired = ['RINGCENTRAL_SERVER_URL', 'RINGCENTRAL_CLIENT_ID', 'RINGCENTRAL_CLIENT_SECRET', 'RINGCENTRAL_JWT'] as const

/** Reports each variable of `required` that is missing while others of the provider's `group` are set. */
function requireAll(
  problems: string[],
  isSet: (name: VariableName) => boolean,
  group: readonly VariableName[],
  required: readonly VariableName[],
  provider: string,
  alternative = 'or none of them to use the built-in sandbox',
): void {
  const given = group.filter(isSet)
  for (const name of required) {
    if (isSet(name)) continue
    problems.push(`${name} is missing: ${provider} is partly configured (${given.join(', ')} set); set ${required.join(', ')}, ${alternative}`)
  }
}

/** Whether the relay can call RingCentral's REST API (not only receive its webhooks). */
export function hasRingCentralApp(settings: RelayConfig['providers']['ringCentral']): boolean {
  return Boolean(settings.serverUrl && settings.clientId && settings.jwt)
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid relay configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** The variables whose values must never be logged or echoed. */
export const secretVariables = Object.entries(variables)
  .filter(([, spec]) => (spec as VariableSpec).secret)
  .map(([name]) => name as VariableName)

export function parseRelayConfig(env: Record<string, string | undefined>): RelayConfig {
  const problems: string[] = []
  const values: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(variables) as [VariableName, VariableSpec][]) {
    const given = env[name]?.trim()
    const raw = given === undefined || given === '' ? spec.default : given
    if (raw === undefined) continue
    // Convert is lenient ("80.5" → 80, "0x10" → 16); whole numbers must be written as digits.
    const isWholeNumber = (spec.schema as { type?: string }).type === 'integer'
    const value = isWholeNumber && !/^\d+$/.test(raw) ? raw : Value.Convert(spec.schema, raw)
    if (!Value.Check(spec.schema, value)) {
      const shown = spec.secret ? '' : ` (got "${raw.slice(0, 80)}")`
      problems.push(`${name} must be ${spec.expected}${shown}`)
      continue
    }
    values[name] = value
  }
  const v = values as Raw & {
    RELAY_PORT?: number
    RELAY_DEVICE_TEXTS_PER_HOUR?: number
    RELAY_DEVICE_CHECKOUTS_PER_HOUR?: number
    RELAY_DEVICE_CREATIONS_PER_HOUR?: number
    RELAY_BANK_SYNC_HOURS?: number
    RELAY_WEBHOOK_REFUSALS_PER_MINUTE?: number
  }
  const trustProxy = parseTrustedProxies(v.RELAY_TRUST_PROXY ?? '')
  if ('invalid' in trustProxy) {
    problems.push(`RELAY_TRUST_PROXY must be ${variables.RELAY_TRUST_PROXY.expected} (got "${trustProxy.invalid.slice(0, 80)}")`)
  }
  // Set = given a non-empty value, valid or not: a bad value is reported above, not as missing.
  const isSet = (name: VariableName) => (env[name]?.trim() ?? '') !== ''
  const anySet = (names: readonly VariableName[]) => names.some(isSet)

  // A provider runs on the built-in sandbox only when none of its variables is set; once one is,
  // the others it needs must be too, so a half-configured provider never silently stays a sandbox.
  const ringCentralLive = anySet(providerVariables.ringCentral)
  const ringCentralApp = anySet(ringCentralAppVariables)
  if (ringCentralApp) {
    requireAll(problems, isSet, ringCentralAppVariables, ringCentralAppRequired, 'RingCentral',
      'or none of them to only receive webhooks with RINGCENTRAL_WEBHOOK_TOKEN')
  }
  if (ringCentralLive && !isSet('RINGCENTRAL_WEBHOOK_TOKEN')) {
    problems.push(
      ringCentralApp
        ? 'RINGCENTRAL_WEBHOOK_TOKEN is required when RingCentral credentials are configured'
        : `RINGCENTRAL_WEBHOOK_TOKEN is required when any RingCentral variable is set (${providerVariables.ringCentral.filter(isSet).join(', ')})`,
    )
  }
  const stripeLive = anySet(providerVariables.stripe)
  if (stripeLive) requireAll(problems, isSet, providerVariables.stripe, ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'], 'Stripe')
  const plaidLive = anySet(providerVariables.plaid)
  if (plaidLive) requireAll(problems, isSet, providerVariables.plaid, ['PLAID_CLIENT_ID', 'PLAID_SECRET'], 'Plaid')
  const deepgramLive = anySet(providerVariables.deepgram)
  if (deepgramLive) requireAll(problems, isSet, providerVariables.deepgram, ['DEEPGRAM_API_KEY'], 'Deepgram')
  // A local model server usually needs no key: OPENAI_BASE_URL alone enables the brain.
  const openAiEnabled = isSet('OPENAI_API_KEY') || isSet('OPENAI_BASE_URL')
  if (isSet('OPENAI_MODEL') && !openAiEnabled) {
    problems.push('OPENAI_MODEL is set, but neither OPENAI_API_KEY nor OPENAI_BASE_URL is: set one of them to use an OpenAI-compatible brain, or remove OPENAI_MODEL')
  }
  if (problems.length > 0) throw new ConfigError(problems)

  return {
    host: v.RELAY_HOST!,
    port: v.RELAY_PORT!,
    dataDir: v.RELAY_DATA_DIR!,
    databaseUrl: v.DATABASE_URL ?? null,
    databaseSchema: v.RELAY_DATABASE_SCHEMA!,
    publicUrl: v.RELAY_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    demo: (v as Record<string, unknown>).RELAY_DEMO === '1',
    trustProxy: 'entries' in trustProxy ? trustProxy.entries : [],
    webhookRefusalsPerMinute: v.RELAY_WEBHOOK_REFUSALS_PER_MINUTE!,
    logLevel: v.RELAY_LOG_LEVEL as RelayConfig['logLevel'],
    bankSyncIntervalMs: Math.round(v.RELAY_BANK_SYNC_HOURS! * 3_600_000),
    deviceQuotas: {
      textsPerHour: v.RELAY_DEVICE_TEXTS_PER_HOUR!,
      checkoutsPerHour: v.RELAY_DEVICE_CHECKOUTS_PER_HOUR!,
      creationsPerHour: v.RELAY_DEVICE_CREATIONS_PER_HOUR!,
    },
    providers: {
      ringCentral: {
        mode: ringCentralLive ? 'live' : 'sandbox',
        serverUrl: v.RINGCENTRAL_SERVER_URL,
        clientId: v.RINGCENTRAL_CLIENT_ID,
        clientSecret: v.RINGCENTRAL_CLIENT_SECRET,
        jwt: v.RINGCENTRAL_JWT,
        webhookToken: v.RINGCENTRAL_WEBHOOK_TOKEN,
        tapDeviceId: v.RINGCENTRAL_TAP_DEVICE_ID,
      },
      stripe: {
        mode: stripeLive ? 'live' : 'sandbox',
        secretKey: v.STRIPE_SECRET_KEY,
        webhookSecret: v.STRIPE_WEBHOOK_SECRET,
        apiBase: v.STRIPE_API_BASE,
      },
      plaid: { mode: plaidLive ? 'live' : 'sandbox', clientId: v.PLAID_CLIENT_ID, secret: v.PLAID_SECRET, baseUrl: v.PLAID_BASE_URL },
      openai: { enabled: openAiEnabled, apiKey: v.OPENAI_API_KEY, baseUrl: v.OPENAI_BASE_URL, model: v.OPENAI_MODEL },
      deepgram: { mode: deepgramLive ? 'live' : 'sandbox', apiKey: v.DEEPGRAM_API_KEY, url: v.DEEPGRAM_URL },
    },
  }
}
