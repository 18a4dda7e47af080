/**
 * Applies stored RingCentral notifications: telephony-session events update `calls` (merged by
 * `sequence`, so an older event never overwrites a newer state) and inbound instant SMS events
 * are appended to the customer's `conversations` thread (one thread per phone number, each
 * message once). A party that left by a blind transfer does not end the call: the transfer target's
 * party carries it on. Voicemail events are handed to the call loop, which transcribes the recording.
 */
import { createHash } from 'node:crypto'
import type { Call, Conversation, ConversationMessage } from '../../../../src/domain/schemas'
import { withoutNulCharacters } from '../../../../src/domain/plain-text'
import type { DocumentQueries, DocumentSync, TelephonyCalls } from '../../storage/contracts'
import type { InboxEvent } from '../../storage/inbox-store'
import { isRecord } from '../webhook-delivery'
import { notificationKind, receivedParties, type ReceivedTelephonyParty } from './notifications'

export class UnexpectedRingCentralPayloadError extends Error {
  constructor(what: string) {
    super(`Unexpected RingCentral payload: ${what}`)
    this.name = 'UnexpectedRingCentralPayloadError'
  }
}

const callStatusByCode: Partial<Record<string, Call['status']>> = {
  Setup: 'ringing',
  Proceeding: 'ringing',
  Answered: 'answered',
  Hold: 'on_hold',
  Parked: 'on_hold',
  VoiceMail: 'voicemail',
  VoiceMailScreening: 'voicemail',
  Disconnected: 'ended',
  Gone: 'ended',
}

const e164 = /^\+[1-9]\d{6,14}$/
const documentId = /^[A-Za-z0-9_:.-]{1,64}$/

/** What a voicemail notification says, for the call loop to transcribe. */
export interface VoicemailNotice {
  messageId: string
  from: string | null
  recordingUri: string
  receivedAt: string
}

/** Through the storage contracts only, so the relays on one database (either engine) share the work. */
export interface RingCentralHandlerDependencies {
  telephonyCalls: TelephonyCalls
  documents: DocumentSync
  queries: Pick<DocumentQueries, 'calls' | 'conversations'>
  now?: () => Date
  /** Transcribes a voicemail (throws to have the event retried); absent: voicemails are only stored. */
  transcribeVoicemail?: (voicemail: VoicemailNotice) => Promise<void>
  /** A caller's call was missed (RingCentral's `missedCall`) or left a voicemail: text them back. */
  onMissedCall?: (call: { from: string | null; at: string }) => Promise<void>
}

/** Reasons a party leaves while the call goes on with someone else. */
const handedOnReasons = new Set(['BlindTransfer', 'AttendedTransfer', 'RccTransfer', 'CallRedirected'])
const endedCodes = new Set(['Disconnected', 'Gone'])

/**
 * Our side of the call in an event that may list several parties (an account-level subscription
 * sees every party the account owns: the staff member's, an earlier one's after a transfer, a
 * supervisor's). It is a party owned by an extension that is not supervising; of those still on
 * the call, the one we already follow, else the newest; with none left, the one we followed.
 * Party ids are opaque: nothing is read from them, they are only compared.
 */
export function ourParty(parties: ReceivedTelephonyParty[], currentPartyId: string | null): ReceivedTelephonyParty | undefined {
  const staff = parties.filter((party) => party.extensionId !== undefined && party.extensionId !== null && !isSupervisor(party))
  if (staff.length === 0) return parties.find((party) => !isSupervisor(party))
  const onCall = staff.filter((party) => !endedCodes.has(String(party.status?.code)))
  if (onCall.length > 0) return onCall.find((party) => party.id === currentPartyId) ?? onCall.at(-1)
  return staff.find((party) => party.id === currentPartyId) ?? staff.at(-1)
}

/** A supervisor's party: `reason: Supervising`, or outbound from a device to another extension (the agent). */
function isSupervisor(party: ReceivedTelephonyParty): boolean {
  if (party.status?.reason === 'Supervising') return true
  const agent = party.to?.extensionId
  return party.direction === 'Outbound' && typeof party.from?.deviceId === 'string' && typeof agent === 'string' && agent !== party.extensionId
}

export function createRingCentralEventHandler({ telephonyCalls, documents, queries, now = () => new Date(), transcribeVoicemail, onMissedCall }: RingCentralHandlerDependencies) {
  async function applyTelephonyEvent(body: Record<string, unknown>): Promise<void> {
    const telephonySessionId = idString(body.telephonySessionId)
    const sequence = Number(body.sequence)
    if (!telephonySessionId || !Number.isFinite(sequence)) throw new UnexpectedRingCentralPayloadError('telephony event without session or sequence')
    const parties = receivedParties(body.parties)
    const callId = documentId.test(telephonySessionId) ? telephonySessionId : `call-${shortHash(telephonySessionId)}`
    const eventTime = toInstant(body.eventTime) ?? now().toISOString()

    // Our party is chosen from the call as stored at the write (another relay may be applying
    // this session's events at the same moment, e.g. during a transfer).
    let ours: ReceivedTelephonyParty | undefined
    const outcome = await telephonyCalls.applyEvent({ telephonySessionId, sequence, at: now().toISOString() }, callId, (current) => {
      const party = ourParty(parties, typeof current?.partyId === 'string' ? current.partyId : null)
      ours = party
      if (!party) return null
      const handedOn = party.status?.code === 'Disconnected' && handedOnReasons.has(String(party.status.reason))
      const status = handedOn ? undefined : callStatusByCode[String(party.status?.code)]
      const nextStatus = status ?? current?.status ?? 'ringing'
      const call: Omit<Call, 'updatedAt'> = {
        id: callId,
        telephonySessionId,
        direction: party.direction === 'Outbound' ? 'outbound' : 'inbound',
        fromNumber: phoneOrNull(party.from?.phoneNumber) ?? current?.fromNumber ?? null,
        toNumber: phoneOrNull(party.to?.phoneNumber) ?? current?.toNumber ?? null,
        customerId: current?.customerId ?? null,
        status: nextStatus,
        startedAt: current?.startedAt ?? eventTime,
        endedAt: nextStatus === 'ended' ? (current?.endedAt ?? eventTime) : (current?.endedAt ?? null),
        escalated: current?.escalated ?? false,
        escalationReason: current?.escalationReason ?? null,
        assignedExtensionId: current?.assignedExtensionId ?? null,
        summary: current?.summary ?? '',
        partyId: handedOn ? (current?.partyId ?? null) : typeof party.id === 'string' ? party.id.slice(0, 128) : (current?.partyId ?? null),
        transcription: current?.transcription ?? 'none',
      }
      return { ...current, ...call }
    })
    if (outcome === 'stale') return
    // A repeat (a redelivery, or the inbox retrying after the text-back could not be planned) asks
    // again: planning is once per number and day, so a second ask plans nothing new.
    const stored = outcome === 'repeat' ? await queries.calls.live(callId) : null
    const party = outcome === 'applied' ? ours : ourParty(parties, typeof stored?.partyId === 'string' ? stored.partyId : null)
    if (party?.missedCall === true && party.direction !== 'Outbound') await onMissedCall?.({ from: phoneOrNull(party.from?.phoneNumber), at: eventTime })
  }

  async function applyInstantMessage(body: Record<string, unknown>): Promise<void> {
    if (body.type !== 'SMS' || body.direction !== 'Inbound') return
    const messageId = idString(body.id)
    if (!messageId) throw new UnexpectedRingCentralPayloadError('message without id')
    const from = isRecord(body.from) ? body.from : {}
    const customerPhone = phoneOrNull(from.phoneNumber)
    if (!customerPhone) return // short codes and hidden numbers cannot be threaded or answered
    const message: ConversationMessage = {
      id: documentId.test(`rc-${messageId}`) ? `rc-${messageId}` : `rc-${shortHash(messageId)}`,
      direction: 'inbound',
      author: 'customer',
      text: typeof body.subject === 'string' ? withoutNulCharacters(body.subject).slice(0, 2000) : '',
      at: toInstant(body.creationTime) ?? now().toISOString(),
      status: 'received',
    }

    const threadId = (await findThreadId(customerPhone)) ?? `conv-${customerPhone.slice(1)}`
    await documents.update('conversations', threadId, (current) => {
      if (current?.messages.some((m) => m.id === message.id)) return null
      const messages = [...(current?.messages ?? []), message].sort((a, b) => a.at.localeCompare(b.at))
      const thread: Omit<Conversation, 'updatedAt'> = {
        id: threadId,
        customerPhone,
        customerId: current?.customerId ?? null,
        messages,
        needsHuman: current?.needsHuman ?? false,
        lastMessageAt: messages.at(-1)!.at,
      }
      return { ...current, ...thread }
    })
  }

  async function applyVoicemail(body: Record<string, unknown>): Promise<void> {
    if (!isVoicemailType(body.type)) return
    if (!transcribeVoicemail) {
      if (isRecord(body.from)) await onMissedCall?.({ from: phoneOrNull(body.from.phoneNumber), at: toInstant(body.creationTime) ?? now().toISOString() })
      return
    }
    const messageId = idString(body.id)
    const attachments = Array.isArray(body.attachments) ? body.attachments.filter(isRecord) : []
    const recording = attachments.find((attachment) => attachment.type === 'AudioRecording' && typeof attachment.uri === 'string')
    if (!messageId || !recording) throw new UnexpectedRingCentralPayloadError('voicemail without id or recording')
    const from = isRecord(body.from) ? phoneOrNull(body.from.phoneNumber) : null
    await onMissedCall?.({ from, at: toInstant(body.creationTime) ?? now().toISOString() })
    await transcribeVoicemail({ messageId, from, recordingUri: recording.uri as string, receivedAt: toInstant(body.creationTime) ?? now().toISOString() })
  }

  /** Reads only: the thread already open for this number, whoever created it. */
  function findThreadId(customerPhone: string): Promise<string | null> {
    return queries.conversations.threadIdForNumber(customerPhone)
  }

  return async function handleRingCentralEvent(stored: InboxEvent): Promise<void> {
    const envelope = JSON.parse(stored.body.toString('utf8')) as unknown
    if (!isRecord(envelope) || typeof envelope.event !== 'string' || !isRecord(envelope.body)) {
      throw new UnexpectedRingCentralPayloadError('no event or body')
    }
    switch (notificationKind(envelope.event)) {
      case 'telephony-session':
        return applyTelephonyEvent(envelope.body)
      case 'instant-sms':
        return applyInstantMessage(envelope.body)
      case 'voicemail':
        return applyVoicemail(envelope.body)
      default:
        return // others: stored for audit, handled by later features
    }
  }
}

/**
 * The voicemail event's body spells its type `Voicemail` (VoicemailMessageEventBody in RingCentral's
 * API definitions); the message store's records spell it `VoiceMail`. Either is a voicemail.
 */
export function isVoicemailType(type: unknown): boolean {
  return type === 'Voicemail' || type === 'VoiceMail'
}

function idString(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

function phoneOrNull(value: unknown): string | null {
  return typeof value === 'string' && e164.test(value) ? value : null
}

function toInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const time = Date.parse(value)
  return Number.isNaN(time) ? null : new Date(time).toISOString()
}

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40)
}
