/**
 * RingCentral notifications (providers §1.5) built from a few facts, typed by the relay's own
 * description of the envelope and bodies.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { FastifyReply } from 'fastify'
import type {
  InstantMessageEventBody,
  RingCentralNotification,
  TelephonySessionEventBody,
  TelephonyStatusCode,
} from '../../src/providers/ringcentral/notifications'

export const simulatedAccountId = '37439510'
export const simulatedExtensionId = '62264425016'
export const simulatedMainNumber = '+15105550100'

/** The account's user extensions, matching the demo business (101 is the app's own extension). */
export const simulatedExtensions = [
  { id: simulatedExtensionId, extensionNumber: '101', name: 'Kenji Sato' },
  { id: '62264425017', extensionNumber: '102', name: 'Maya Chen' },
  { id: '62264425018', extensionNumber: '103', name: 'Luis Ortega' },
] as const

export interface TelephonyEventInput {
  telephonySessionId: string
  sequence: number
  statusCode: TelephonyStatusCode
  /** The caller (inbound) or the number called (outbound). */
  customerNumber: string
  businessNumber?: string
  direction?: 'Inbound' | 'Outbound'
  reason?: string
  missedCall?: boolean
  eventTime?: Date
  subscriptionId?: string
  /** Whose party this is (default the app's extension, 101). */
  extensionId?: string
  extensionName?: string
  /** Default `p-<session>-2`; a transfer target's party gets its own. */
  partyId?: string
  customerName?: string
  /**
   * Every party of the session the account owns, with its own state (a transfer's old and new
   * party, a supervisor): overrides the single party the fields above describe.
   */
  parties?: SessionPartyInput[]
}

/** One party of a session as an account-level telephony event lists it. */
export interface SessionPartyInput {
  id: string
  extensionId: string
  extensionName: string
  statusCode: TelephonyStatusCode
  reason?: string
  /** A supervisor's party: outbound from its device to the monitored agent. */
  supervisor?: { deviceId: string; agentExtensionId: string; agentName: string }
  missedCall?: boolean
}

export function buildTelephonySessionNotification(input: TelephonyEventInput): RingCentralNotification<TelephonySessionEventBody> {
  const direction = input.direction ?? 'Inbound'
  const extensionId = input.extensionId ?? simulatedExtensionId
  const business = { phoneNumber: input.businessNumber ?? simulatedMainNumber, name: input.extensionName ?? 'Kenji Sato', extensionId }
  const customer = { phoneNumber: input.customerNumber, name: input.customerName ?? 'WIRELESS CALLER' }
  const eventTime = (input.eventTime ?? new Date()).toISOString()
  const partySuffix = input.telephonySessionId.replace(/^s-/, '')
  return {
    uuid: randomDigits(19),
    event: `/restapi/v1.0/account/${simulatedAccountId}/telephony/sessions`,
    timestamp: eventTime,
    subscriptionId: input.subscriptionId ?? '',
    ownerId: simulatedExtensionId,
    body: {
      sequence: input.sequence,
      sessionId: randomDigits(12),
      telephonySessionId: input.telephonySessionId,
      serverId: '10.13.22.28.TAM',
      eventTime,
      origin: { type: 'Call' },
      parties: input.parties
        ? input.parties.map((party) =>
            party.supervisor
              ? {
                  accountId: simulatedAccountId,
                  extensionId: party.extensionId,
                  id: party.id,
                  direction: 'Outbound' as const,
                  from: { phoneNumber: party.extensionId, name: party.extensionName, extensionId: party.extensionId, deviceId: party.supervisor.deviceId },
                  to: { phoneNumber: '', name: party.supervisor.agentName, extensionId: party.supervisor.agentExtensionId },
                  status: { code: party.statusCode, rcc: false, ...(party.reason ? { reason: party.reason } : {}) },
                  park: {},
                  missedCall: false,
                  standAlone: false,
                  muted: true,
                }
              : {
                  accountId: simulatedAccountId,
                  extensionId: party.extensionId,
                  id: party.id,
                  direction,
                  from: direction === 'Inbound' ? customer : { ...business, name: party.extensionName, extensionId: party.extensionId },
                  to: direction === 'Inbound' ? { ...business, name: party.extensionName, extensionId: party.extensionId } : customer,
                  status: { code: party.statusCode, rcc: false, ...(party.reason ? { reason: party.reason } : {}) },
                  park: {},
                  missedCall: party.missedCall ?? party.statusCode === 'VoiceMail',
                  standAlone: false,
                  muted: false,
                },
          )
        : [
            {
              accountId: simulatedAccountId,
              extensionId,
              id: input.partyId ?? `p-${partySuffix}-2`,
              direction,
              from: direction === 'Inbound' ? customer : business,
              to: direction === 'Inbound' ? business : customer,
              status: { code: input.statusCode, rcc: false, ...(input.reason ? { reason: input.reason } : {}) },
              park: {},
              missedCall: input.missedCall ?? input.statusCode === 'VoiceMail',
              standAlone: false,
              muted: false,
            },
          ],
    },
  }
}

/**
 * A party id as opaque as RingCentral's: what follows the last dash is not a count of anything
 * (the reference calls party ids internal identifiers), so nothing may be read from it.
 */
export function newPartyId(): string {
  return `p-${randomBytes(14).toString('hex')}-${1 + (randomBytes(1)[0]! % 9)}`
}

export interface InstantSmsInput {
  from: string
  to?: string
  text: string
  messageId?: string
  at?: Date
  subscriptionId?: string
}

export function buildInstantSmsNotification(input: InstantSmsInput): RingCentralNotification<InstantMessageEventBody> {
  const id = input.messageId ?? randomDigits(12)
  const at = (input.at ?? new Date()).toISOString()
  return {
    uuid: randomUUID(),
    event: `/restapi/v1.0/account/~/extension/${simulatedExtensionId}/message-store/instant?type=SMS`,
    subscriptionId: input.subscriptionId ?? '',
    ownerId: simulatedExtensionId,
    timestamp: at,
    body: {
      id,
      type: 'SMS',
      direction: 'Inbound',
      messageStatus: 'Received',
      to: [{ phoneNumber: input.to ?? simulatedMainNumber, location: 'Fremont, CA' }],
      from: { phoneNumber: input.from },
      subject: input.text,
      readStatus: 'Unread',
      priority: 'Normal',
      availability: 'Alive',
      conversationId: randomDigits(19),
      creationTime: at,
      lastModifiedTime: at,
      attachments: [
        {
          id,
          type: 'Text',
          contentType: 'text/plain',
          uri: `/restapi/v1.0/account/~/extension/${simulatedExtensionId}/message-store/${id}/content/${id}`,
        },
      ],
    },
  }
}

export interface VoicemailInput {
  from: string
  messageId: string
  /** Where the recording is downloaded from (with the bearer token). */
  contentUri: string
  attachmentId: string
  durationSeconds: number
  extensionId?: string
  at?: Date
  subscriptionId?: string
}

/**
 * A new voicemail, as RingCentral's API definitions describe `VoicemailMessageEventBody`: `type`
 * spelled `Voicemail`, `id` an int64 number, the recording as an `AudioRecording` attachment.
 */
export function buildVoicemailNotification(input: VoicemailInput): RingCentralNotification<Record<string, unknown>> {
  const at = (input.at ?? new Date()).toISOString()
  const extensionId = input.extensionId ?? simulatedExtensionId
  return {
    uuid: randomUUID(),
    event: `/restapi/v1.0/account/${simulatedAccountId}/extension/${extensionId}/voicemail`,
    subscriptionId: input.subscriptionId ?? '',
    ownerId: extensionId,
    timestamp: at,
    body: {
      id: Number(input.messageId),
      type: 'Voicemail',
      direction: 'Inbound',
      messageStatus: 'Received',
      to: [{ phoneNumber: simulatedMainNumber, name: 'Kenji Sato' }],
      from: { phoneNumber: input.from },
      readStatus: 'Unread',
      priority: 'Normal',
      availability: 'Alive',
      vmTranscriptionStatus: 'NotAvailable',
      creationTime: at,
      lastModifiedTime: at,
      attachments: [
        { id: input.attachmentId, type: 'AudioRecording', contentType: 'audio/x-wav', vmDuration: input.durationSeconds, uri: input.contentUri },
      ],
    },
  }
}

export function newTelephonySessionId(): string {
  return `s-${randomBytes(16).toString('hex')}`
}

function randomDigits(count: number): string {
  let digits = String(1 + (randomBytes(1)[0]! % 9))
  while (digits.length < count) digits += String(randomBytes(1)[0]! % 10)
  return digits
}

/** An error answered the way RingCentral's API answers one (`errorCode`, `message`, `errors`). */
export function rcError(reply: FastifyReply, status: number, errorCode: string, message: string, parameterName?: string) {
  return reply.code(status).send({ errorCode, message, errors: [{ errorCode, message, ...(parameterName ? { parameterName } : {}) }] })
}
