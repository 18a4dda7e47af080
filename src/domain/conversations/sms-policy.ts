/**
 * What the relay may text a customer, and when (architecture §4). Pure decisions: the relay's
 * conversation loop asks, the SMS sender enforces the opt-out check again where messages leave.
 */
import type { AgentResult, Intent } from '../agent/agent-result'
import { isOptOutRequest, smsKeyword } from '../agent/sms-keywords'
import type { Settings } from '../schemas/settings'

/** Intents the agent never answers by itself: opt-outs are SMS commands, handled before the agent. */
const neverAutoAnswered: ReadonlySet<Intent> = new Set<Intent>(['opt_out'])

export type ReplyDecision =
  | { action: 'send' }
  | { action: 'draft'; reason: string }

/**
 * Whether the agent's reply goes straight to the customer or waits as a draft for staff. Everything
 * the agent answers is sent at once — a follow-up (`followUp`) included, since the reply already
 * tells the customer that staff will confirm — except when a person must act now (`escalate`):
 * then the person answers, and the agent's words wait as a draft they may use.
 */
export function decideAgentReply(result: AgentResult, customer: { smsOptOut: boolean }): ReplyDecision {
  if (customer.smsOptOut) return { action: 'draft', reason: 'The customer opted out of texts; nothing is sent automatically.' }
  if (result.escalate) return { action: 'draft', reason: result.escalationReason ?? 'The agent handed this conversation to a person.' }
  if (result.reply.trim().length === 0) return { action: 'draft', reason: 'The agent had no reply to offer.' }
  if (neverAutoAnswered.has(result.intent)) {
    return { action: 'draft', reason: `The agent does not answer "${result.intent}" messages on its own.` }
  }
  return { action: 'send' }
}

export type SmsCommand = 'opt_out' | 'help' | 'opt_in'

/** A carrier keyword (STOP, HELP, START …) or a plain-language request to stop texting. */
export function smsCommand(text: string): SmsCommand | null {
  return smsKeyword(text) ?? (isOptOutRequest(text) ? 'opt_out' : null)
}

export interface SmsCommandOutcome {
  /** The customer's opt-out state after the command. */
  smsOptOut: boolean
  /**
   * What to text back, or null. `opt_out_confirmation` is the one message allowed to reach a
   * number that just opted out; it is sent only when the state changes, so there is exactly one.
   */
  reply: { kind: 'opt_out_confirmation' | 'message'; text: string } | null
}

type BusinessContact = Pick<Settings, 'businessName' | 'contactPhone' | 'contactEmail'>

/**
 * The answer to STOP, HELP or START. `business` is null while the business is not set up: the
 * opt-out still takes effect and is confirmed, without a name the relay does not have.
 */
export function applySmsCommand(command: SmsCommand, optedOut: boolean, business: BusinessContact | null): SmsCommandOutcome {
  const from = (text: string) => (business ? `${business.businessName}: ${text}` : `${text.charAt(0).toUpperCase()}${text.slice(1)}`)
  switch (command) {
    case 'opt_out':
      return optedOut
        ? { smsOptOut: true, reply: null }
        : {
            smsOptOut: true,
            reply: { kind: 'opt_out_confirmation', text: from('you are unsubscribed and will get no more texts from us. Reply START to subscribe again.') },
          }
    case 'help':
      // After an opt-out nothing but the confirmation is sent, not even HELP answers.
      return { smsOptOut: optedOut, reply: optedOut ? null : { kind: 'message', text: business ? helpText(business) : from('a person will reply here as soon as they can. Reply STOP to opt out.') } }
    case 'opt_in':
      return {
        smsOptOut: false,
        reply: { kind: 'message', text: from('you are subscribed to our texts again. Reply STOP to opt out, HELP for help.') },
      }
  }
}

export function helpText(settings: BusinessContact): string {
  return `${settings.businessName}: for help call ${settings.contactPhone} or email ${settings.contactEmail}. Reply STOP to opt out.`
}

/** Why a message to an opted-out customer was not sent, as staff read it. */
export const optedOutReason = 'Not sent: this customer opted out of texts (replied STOP). They must text START before we can reply.'
