import type { Booking } from '../schemas/bookings'
import type { Package } from '../schemas/packages'
import type { Settings } from '../schemas/settings'
import type { AgentResult, Channel, ConversationTurn } from './agent-result'

/** What the business knows that a brain may tell customers. */
export interface AgentKnowledge {
  settings: Settings
  /** Owner-written answers to common questions, matched by keywords. */
  faqs: readonly FaqEntry[]
  /**
   * Seasonal packages as stored; a brain offers only those active on the business's today
   * (`activePackages`). Absent: no packages are offered.
   */
  packages?: readonly Package[]
  /**
   * Existing bookings, so availability comes from the calendar (`slotAvailability`). Absent: the
   * calendar is unknown and a person checks the date.
   */
  bookings?: readonly Pick<Booking, 'eventDate' | 'eventTime' | 'status'>[]
}

export interface FaqEntry {
  question: string
  /** Lower-case words or phrases; an entry matches when any appears in the message. */
  keywords: readonly string[]
  answer: string
}

export interface AgentInput {
  /** Oldest first; the last customer turn is the one being answered. */
  turns: readonly ConversationTurn[]
  channel: Channel
  /** The instant "now", ISO-8601: relative dates ("tomorrow") resolve against it. */
  now: string
  knowledge: AgentKnowledge
}

/**
 * Decides what to answer. The embedded rules brain is deterministic and offline; a model-backed
 * brain can implement the same interface and validate its structured output with `AgentResult`.
 */
export interface AgentBrain {
  readonly name: string
  respond(input: AgentInput): Promise<AgentResult>
}
