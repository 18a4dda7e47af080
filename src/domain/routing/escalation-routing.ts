/**
 * Who takes an escalated call (architecture §4): round-robin over extensions that are available
 * and inside their working hours, primary first; when nobody can, voicemail on the primary's
 * mailbox and a text alert to the primary's phone. Every decision says why.
 */
import type { Extension, WorkingHours } from '../schemas/extensions'
import { businessTime, clockMinutes, type BusinessTime } from './business-clock'

export interface RoutingInput {
  extensions: readonly Extension[]
  now: Date
  timeZone: string
  /** The extension that took the previous escalation, for the round-robin. */
  lastAssignedExtensionId: string | null
}

export type RoutingDecision =
  | {
      kind: 'transfer'
      extension: Extension
      reason: string
      /** Everyone who could have taken it, in the order they were considered. */
      eligibleExtensionIds: string[]
    }
  | {
      kind: 'voicemail'
      /** Whose mailbox takes the message: the primary extension, if there is one. */
      mailbox: Extension | null
      /** Who gets a text about it, and at which number; null when nobody has an alert phone. */
      alert: { extension: Extension; phone: string } | null
      reason: string
    }

/**
 * True when `at` falls inside one of the extension's working-hour ranges. A range whose end is
 * not after its start runs past midnight into the next day. No ranges at all means no schedule
 * was set: the extension counts as working whenever it is marked available.
 */
export function isWithinWorkingHours(hours: readonly WorkingHours[], at: BusinessTime): boolean {
  if (hours.length === 0) return true
  return hours.some((range) => {
    const start = clockMinutes(range.start)
    const end = clockMinutes(range.end)
    if (end > start) return range.weekday === at.weekday && at.minutes >= start && at.minutes < end
    const endsTomorrow = (range.weekday + 1) % 7
    return (range.weekday === at.weekday && at.minutes >= start) || (endsTomorrow === at.weekday && at.minutes < end)
  })
}

/** The rotation order: primary extensions first, then the rest by extension number. */
export function rotationOrder(extensions: readonly Extension[]): Extension[] {
  return [...extensions].sort(
    (a, b) =>
      Number(b.isPrimary) - Number(a.isPrimary) ||
      a.extensionNumber.localeCompare(b.extensionNumber, 'en', { numeric: true }) ||
      a.id.localeCompare(b.id),
  )
}

export function routeEscalation(input: RoutingInput): RoutingDecision {
  const at = businessTime(input.now, input.timeZone)
  const order = rotationOrder(input.extensions)
  const eligible = order.filter((extension) => extension.status === 'available' && isWithinWorkingHours(extension.workingHours, at))

  if (eligible.length > 0) {
    const lastIndex = order.findIndex((extension) => extension.id === input.lastAssignedExtensionId)
    // Next eligible after the last one assigned; from the top (the primary) when none was.
    const next =
      lastIndex === -1
        ? eligible[0]!
        : (eligible.find((extension) => order.indexOf(extension) > lastIndex) ?? eligible[0]!)
    const why = next.isPrimary && lastIndex === -1 ? 'primary extension' : 'next in rotation'
    return {
      kind: 'transfer',
      extension: next,
      reason: `${why}: ${next.employeeName} (ext. ${next.extensionNumber}) is available and within working hours`,
      eligibleExtensionIds: eligible.map((extension) => extension.id),
    }
  }

  const mailbox = order.find((extension) => extension.isPrimary) ?? order[0] ?? null
  const alertTarget = mailbox?.alertPhone ? mailbox : (order.find((extension) => extension.alertPhone) ?? null)
  const unavailable = input.extensions.length === 0 ? 'no extensions are set up' : 'no extension is available within its working hours'
  return {
    kind: 'voicemail',
    mailbox,
    alert: alertTarget?.alertPhone ? { extension: alertTarget, phone: alertTarget.alertPhone } : null,
    reason: `${unavailable}; the caller goes to ${mailbox ? `${mailbox.employeeName}'s voicemail` : 'the company voicemail'}`,
  }
}
