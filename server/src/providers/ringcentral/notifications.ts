/**
 * RingCentral notification shapes (providers §1.5): the envelope shared by webhooks and
 * WebSockets, and the bodies of the two filters the relay subscribes to for calls and texts.
 * Ids are strings inside events (numbers in REST responses); the normalisers below accept both.
 */

import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

export interface RingCentralNotification<TBody = unknown> {
  /** Dedupe key of a delivery. */
  uuid: string
  /** The filter that matched, with `~` possibly expanded to real ids. */
  event: string
  timestamp: string
  subscriptionId: string
  ownerId: string
  body: TBody
}

export interface CallPartyEndpoint {
  phoneNumber?: string
  name?: string
  extensionId?: string
  deviceId?: string
}

export type TelephonyStatusCode =
  | 'Setup'
  | 'Proceeding'
  | 'Answered'
  | 'Disconnected'
  | 'Gone'
  | 'Parked'
  | 'Hold'
  | 'VoiceMail'
  | 'FaxReceive'
  | 'VoiceMailScreening'

export interface TelephonyParty {
  accountId?: string
  extensionId?: string
  id: string
  direction: 'Inbound' | 'Outbound'
  from?: CallPartyEndpoint
  to?: CallPartyEndpoint
  status: { code: TelephonyStatusCode; reason?: string; rcc?: boolean }
  park?: Record<string, unknown>
  missedCall?: boolean
  standAlone?: boolean
  muted?: boolean
}

const maybeText = Type.Optional(Type.Union([Type.String(), Type.Null()]))
const ReceivedEndpoint = Type.Object({ phoneNumber: maybeText, name: maybeText, extensionId: maybeText, deviceId: maybeText })

/**
 * What the relay reads of a party in a telephony event it received, each field of its type when
 * present (other fields, and status codes RingCentral adds later, pass through).
 */
export const ReceivedTelephonyParty = Type.Object({
  id: Type.String(),
  extensionId: maybeText,
  direction: Type.Optional(Type.String()),
  from: Type.Optional(ReceivedEndpoint),
  to: Type.Optional(ReceivedEndpoint),
  status: Type.Optional(Type.Object({ code: Type.Optional(Type.String()), reason: maybeText })),
  missedCall: Type.Optional(Type.Boolean()),
})
export type ReceivedTelephonyParty = Static<typeof ReceivedTelephonyParty>

/** The parties of a received event that have the shape the relay reads; others are passed over. */
export function receivedParties(parties: unknown): ReceivedTelephonyParty[] {
  return Array.isArray(parties) ? parties.filter((party): party is ReceivedTelephonyParty => Value.Check(ReceivedTelephonyParty, party)) : []
}

export interface TelephonySessionEventBody {
  sequence: number
  sessionId: string
  telephonySessionId: string
  serverId?: string
  eventTime: string
  origin: { type: string }
  parties: TelephonyParty[]
}

export interface InstantMessageEventBody {
  id: string
  type: 'SMS'
  direction: 'Inbound' | 'Outbound'
  messageStatus: string
  to: { phoneNumber: string; location?: string; name?: string }[]
  from: { phoneNumber: string; name?: string; location?: string }
  /** The SMS text. */
  subject?: string
  readStatus?: string
  priority?: string
  availability?: string
  conversationId?: string
  creationTime: string
  lastModifiedTime: string
  attachments?: { id: string; type: string; contentType: string; uri: string }[]
}

/** The filters the relay's webhook subscription asks for (providers §1.4). */
export const relayEventFilters = [
  '/restapi/v1.0/account/~/telephony/sessions',
  '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS',
  '/restapi/v1.0/account/~/extension/~/voicemail',
] as const

export type NotificationKind = 'telephony-session' | 'instant-sms' | 'voicemail' | 'other'

/** Classifies by path pattern: the server may expand `~` into real account/extension ids. */
export function notificationKind(eventPath: string): NotificationKind {
  const [path = ''] = eventPath.split('?')
  if (/\/telephony\/sessions$/.test(path)) return 'telephony-session'
  if (/\/message-store\/instant$/.test(path)) return 'instant-sms'
  if (/\/voicemail$/.test(path)) return 'voicemail'
  return 'other'
}
