import type { Settings } from '../schemas/settings'

/** A window of days around a reference date: `before` days earlier through `after` days later. */
export interface DayWindow {
  before: number
  after: number
}

export interface MatchingOptions {
  /** The business's IANA time zone: booking creation instants are read as local dates. */
  timeZone: string
  /** Tips on balance payments, in percent of the balance. */
  tipPercent: { min: number; max: number }
  /** Deposits are expected this many days around the date the booking was made. */
  depositWindowDays: DayWindow
  /** Balances are expected this many days around the event date. */
  balanceWindowDays: DayWindow
  /** Outside a window the date score falls linearly to zero over this many days. */
  dateGraceDays: number
  /** Auto-accept at or above this confidence; never below 0.90 whatever is configured. */
  autoAcceptConfidence: number
  /** Below this confidence a transaction is reported `unmatched` instead of `needs_review`. */
  reviewConfidence: number
  /** A rival candidate within this much of the best one blocks auto-accept. */
  rivalMargin: number
}

/** The contract's floor: a wrong auto-accept is the costliest mistake (architecture §7). */
export const minimumAutoAcceptConfidence = 0.9

/**
 * Date windows are not (yet) part of the settings document, so they have defaults here:
 * a deposit from the day before the booking was made to a week after, a balance from the day
 * before the event to four days after it.
 */
const defaultWindows = {
  depositWindowDays: { before: 1, after: 7 },
  balanceWindowDays: { before: 1, after: 4 },
  dateGraceDays: 7,
} as const

/** Options whose business facts (time zone, tip range) come from the settings document. */
export function matchingOptionsFromSettings(
  settings: Pick<Settings, 'timeZone' | 'tipPercentRange'>,
  overrides: Partial<MatchingOptions> = {},
): MatchingOptions {
  const options: MatchingOptions = {
    timeZone: settings.timeZone,
    tipPercent: { min: settings.tipPercentRange.min, max: settings.tipPercentRange.max },
    depositWindowDays: { ...defaultWindows.depositWindowDays },
    balanceWindowDays: { ...defaultWindows.balanceWindowDays },
    dateGraceDays: defaultWindows.dateGraceDays,
    autoAcceptConfidence: minimumAutoAcceptConfidence,
    reviewConfidence: 0.5,
    rivalMargin: 0.1,
    ...overrides,
  }
  return {
    ...options,
    autoAcceptConfidence: Math.max(options.autoAcceptConfidence, minimumAutoAcceptConfidence),
  }
}
