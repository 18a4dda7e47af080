/**
 * Plays a demo scenario (resources/scenarios/NAME.json) through the provider sandbox: texts and
 * calls arrive as RingCentral webhooks, deposits as Stripe webhooks, bank activity through Plaid.
 * Nothing is written to the relay directly; it sees exactly what real providers would send.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { sandboxControl, type SandboxUrls } from '../../sandbox/control-client'
import { buildPlaidTransaction } from '../../sandbox/plaid/payloads'

export const scenariosDir = fileURLToPath(new URL('../../../resources/scenarios/', import.meta.url))

const Phone = Type.String({ pattern: '^\\+[1-9]\\d{6,14}$' })
const Wait = Type.Optional(Type.Number({ minimum: 0, maximum: 600 }))
const Step = Type.Union([
  Type.Object({ do: Type.Literal('sms'), waitSeconds: Wait, from: Phone, text: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
  Type.Object(
    { do: Type.Literal('call'), waitSeconds: Wait, from: Phone, statuses: Type.Optional(Type.Array(Type.String())) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      /** A call answered by the business; once the relay listens in, its lines play as (sandbox) speech. */
      do: Type.Literal('scripted-call'),
      waitSeconds: Wait,
      from: Phone,
      fromName: Type.Optional(Type.String({ maxLength: 100 })),
      toExtension: Type.Optional(Type.String({ pattern: '^\\d{1,8}$' })),
      lines: Type.Array(
        Type.Object(
          {
            speaker: Type.Union([Type.Literal('caller'), Type.Literal('staff')]),
            text: Type.String({ minLength: 1, maxLength: 500 }),
            pauseMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 50 },
      ),
      speed: Type.Optional(Type.Number({ minimum: 1, maximum: 50 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      do: Type.Literal('stripe-deposit'),
      waitSeconds: Wait,
      bookingId: Type.String(),
      amountCents: Type.Integer({ minimum: 1 }),
      customerName: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      /** The customer pays the deposit link the relay texted them, on the Stripe stand-in page. */
      do: Type.Literal('pay-deposit-link'),
      waitSeconds: Wait,
      bookingId: Type.String(),
      /** How long to wait for the relay to have made the link (it does so once the booking is confirmed). */
      timeoutSeconds: Type.Optional(Type.Number({ minimum: 1, maximum: 600 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      do: Type.Literal('bank-deposits'),
      waitSeconds: Wait,
      transactions: Type.Array(
        Type.Object(
          {
            daysAgo: Type.Integer({ minimum: 0, maximum: 60 }),
            /** Money in as a positive number of cents (the player applies Plaid's sign). */
            amountCents: Type.Integer(),
            name: Type.String(),
            payer: Type.Optional(Type.String()),
            counterpartyName: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
])
type Step = Static<typeof Step>
const Scenario = Type.Object(
  {
    description: Type.String(),
    steps: Type.Optional(Type.Array(Step)),
    include: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9-]+$' }))),
  },
  { additionalProperties: false },
)

export interface SandboxAddresses {
  relayUrl: string
  urls: SandboxUrls
  plaidItemId: string | null
}

/** Where the relay (in demo mode) published its sandbox; null when it runs real providers. */
export function readSandboxAddresses(dataDir: string): SandboxAddresses | null {
  const path = join(dataDir, 'sandbox.json')
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SandboxAddresses) : null
}

/** The scenario's steps, with `include`d scenarios expanded in order. */
export function loadScenario(name: string, dir = scenariosDir, seen: string[] = []): Step[] {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Scenario names are lower-case words with dashes, got "${name}"`)
  const path = join(dir, `${name}.json`)
  if (!existsSync(path)) throw new Error(`No scenario "${name}" in resources/scenarios/`)
  if (seen.includes(name)) throw new Error(`Scenario "${name}" includes itself`)
  const scenario = JSON.parse(readFileSync(path, 'utf8')) as unknown
  if (!Value.Check(Scenario, scenario)) {
    const first = Value.Errors(Scenario, scenario)[0]
    throw new Error(`resources/scenarios/${name}.json: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`)
  }
  return [...(scenario.include ?? []).flatMap((included) => loadScenario(included, dir, [...seen, name])), ...(scenario.steps ?? [])]
}

const isoDaysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10)

export async function playScenario(
  name: string,
  sandbox: SandboxAddresses,
  log: (line: string) => void = () => {},
  now: () => Date = () => new Date(),
): Promise<void> {
  const steps = loadScenario(name)
  const control = sandboxControl(sandbox.urls)
  for (const [index, step] of steps.entries()) {
    if (step.waitSeconds) await new Promise((resolve) => setTimeout(resolve, step.waitSeconds! * 1000))
    const label = `[${index + 1}/${steps.length}]`
    switch (step.do) {
      case 'sms':
        await control.ringcentral.inboundSms({ from: step.from, text: step.text })
        log(`${label} text message arrives from a customer`)
        break
      case 'call':
        await control.ringcentral.inboundCall({ from: step.from, statuses: step.statuses as never })
        log(`${label} a customer calls`)
        break
      case 'scripted-call': {
        const { waitSeconds: _wait, do: _kind, ...call } = step
        await control.ringcentral.scriptedCall(call)
        log(`${label} a customer calls and talks (transcribed live)`)
        break
      }
      case 'stripe-deposit':
        await control.stripe.checkoutCompleted({
          clientReferenceId: step.bookingId,
          amountTotal: step.amountCents,
          customerName: step.customerName ?? null,
          webhookUrl: `${sandbox.relayUrl}/webhooks/stripe`,
        })
        log(`${label} a Stripe deposit is paid for ${step.bookingId}`)
        break
      case 'pay-deposit-link': {
        const timeoutSeconds = step.timeoutSeconds ?? 30
        const deadline = Date.now() + timeoutSeconds * 1000
        for (;;) {
          const open = (await control.stripe.sessionsFor(step.bookingId)).find((session) => session.status === 'open' && session.url)
          if (open) {
            await control.stripe.payOnHostedPage(open.url!)
            break
          }
          if (Date.now() > deadline) throw new Error(`The relay made no deposit link for ${step.bookingId} within ${timeoutSeconds} s`)
          await new Promise((resolve) => setTimeout(resolve, 500))
        }
        log(`${label} the customer of ${step.bookingId} pays the texted deposit link on the Stripe page`)
        break
      }
      case 'bank-deposits': {
        if (!sandbox.plaidItemId) throw new Error('The relay has no sandbox bank account linked (Plaid is not on the sandbox).')
        const added = step.transactions.map((transaction) =>
          buildPlaidTransaction({
            // Plaid's sign: money in is negative.
            amount: -transaction.amountCents / 100,
            date: isoDaysAgo(now(), transaction.daysAgo),
            name: transaction.name,
            payer: transaction.payer ?? null,
            counterpartyName: transaction.counterpartyName ?? null,
          }),
        )
        await control.plaid.transactions({ item_id: sandbox.plaidItemId, added })
        await control.plaid.fireWebhook({ item_id: sandbox.plaidItemId })
        log(`${label} ${added.length} bank transactions arrive`)
        break
      }
    }
  }
}
