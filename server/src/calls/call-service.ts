/**
 * The call loop. It watches `calls` in the document store (the RingCentral handler writes them
 * from telephony events): an answered call is tapped (the listening device supervises it) and
 * transcribed live; each final caller utterance goes to the agent — the same brain as texts, on
 * the `voice` channel — whose suggestions and summary are stored on the call; when the agent says
 * escalate (a person must act now), the call is routed (domain/routing), transferred through
 * RingCentral's call control, or sent to voicemail, and a person is alerted by SMS; when it says
 * follow up, a task is left in the Inbox and on the caller's booking, with no alert and no
 * transfer. Voicemails are transcribed after the fact.
 *
 * Escalation is claimed on the call document before any call control, so a redelivered event, a
 * later utterance or a restart never transfers a call twice.
 */
import { createHash } from 'node:crypto'
import type { DeepgramClient } from '@deepgram/sdk'
import type { LazyRingCentralSdk } from '../providers/ringcentral/ringcentral-sdk'
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import { documentOf } from '../../../src/domain/schemas/document-guard'
import type { AgentBrain, AgentKnowledge } from '../../../src/domain/agent/agent-brain'
import type { AgentResult } from '../../../src/domain/agent/agent-result'
import { bookingDraftFromResult, callSummary, draftHasFacts, planCallEscalation, turnsFromSegments, type CallControlAction } from '../../../src/domain/calls/call-agent'
import { formatCents } from '../../../src/domain/money'
import { routeEscalation } from '../../../src/domain/routing/escalation-routing'
import { type Call, type Extension, type Settings, type Suggestion, type TranscriptSegment } from '../../../src/domain/schemas'
import type { Logger } from '../logging/logger'
import type { VoicemailNotice } from '../providers/ringcentral/handle-event'
import type { SmsSender } from '../providers/ringcentral/sms-sender'
import { agentKnowledge } from '../agent/agent-knowledge'
import { remindToFinishSetupThrough } from '../business/setup-reminder'
import { businessSettingsFrom } from '../storage/business-settings'
import type { RelayStorage } from '../storage/relay-storage'
import type { CallAudioTap } from './audio-tap'
import { LiveTranscription, callRef, type FinalUtterance } from './live-transcription'
import { SerialQueue } from '../work/serial-queue'
import { FollowUpTasks } from '../agent/follow-up-tasks'

/** The stores the call loop works through (either engine). */
export type CallStorage = Pick<RelayStorage, 'documents' | 'queries' | 'ledger' | 'claims' | 'units'>

/**
 * How long a relay holds the tap of a call: longer than any call. With several relays, the one
 * that claims an answered call listens to it; the others leave it.
 */
const tapLeaseMs = 6 * 60 * 60 * 1000

export interface CallServiceOptions {
  storage: CallStorage
  logger: Logger
  /** Null without RingCentral app credentials: no tap, no call control. */
  ringCentral: { client: LazyRingCentralSdk; jwt: string } | null
  tap: CallAudioTap | null
  deepgram: DeepgramClient | null
  sender: SmsSender | null
  loadBrain: (settings: Settings) => Promise<AgentBrain>
  now?: () => Date
  /** Deepgram socket reconnects (0 in tests). */
  reconnectAttempts?: number
}

/** What the relay reads of Deepgram's pre-recorded transcript (other fields pass through unread). */
const PrerecordedTranscript = Type.Object({
  results: Type.Optional(
    Type.Object({
      utterances: Type.Optional(Type.Array(Type.Object({ start: Type.Number(), end: Type.Number(), transcript: Type.String() }))),
      channels: Type.Optional(Type.Array(Type.Object({ alternatives: Type.Optional(Type.Array(Type.Object({ transcript: Type.Optional(Type.String()) }))) }))),
    }),
  ),
})

export class CallService {
  private readonly now: () => Date
  private readonly transcription: LiveTranscription | null
  /** Sessions tapped, with the staff party whose voice the tap listens to (after a transfer, the new one). */
  private readonly tapped = new Map<string, string | null>()
  /** The call document of each session this relay taps, for the transcription to write to. */
  private readonly sessionCalls = new Map<string, string>()
  private readonly work: SerialQueue
  private readonly followUps: FollowUpTasks
  private stopListening: (() => void) | null = null
  private loggedIn: Promise<void> | null = null
  private tapStarted: Promise<void> = Promise.resolve()

  constructor(private readonly options: CallServiceOptions) {
    this.now = options.now ?? (() => new Date())
    this.work = new SerialQueue((error) => options.logger.error({ err: error }, 'call processing failed'))
    this.followUps = new FollowUpTasks(options.storage, this.now)
    this.transcription = options.deepgram
      ? new LiveTranscription({
          deepgram: options.deepgram,
          documents: options.storage.documents,
          logger: options.logger,
          reconnectAttempts: options.reconnectAttempts,
          callIdFor: (telephonySessionId) => this.sessionCalls.get(telephonySessionId) ?? null,
          onUtterance: (utterance) => this.enqueue(() => this.handleUtterance(utterance)),
        })
      : null
  }

  /**
   * Starts watching calls. The listening device registers in the background (SIP takes a moment;
   * the relay need not wait for it): `tapReady()` resolves once it has, and a call answered before
   * that is tapped as soon as it has.
   */
  async start(): Promise<void> {
    if (this.stopListening) return
    this.stopListening = this.options.storage.documents.onChange((collection, documents) => {
      if (collection !== 'calls') return
      for (const document of documents) {
        const call = document._deleted ? null : documentOf('calls', document)
        if (call) this.maybeTap(call)
      }
    })
    const { tap, ringCentral } = this.options
    const transcription = this.transcription
    this.tapStarted =
      tap && transcription && ringCentral
        ? (async () => {
            try {
              await this.login()
              await tap.start(transcription)
            } catch (error) {
              this.options.logger.error({ err: { message: (error as Error).message } }, 'the call audio tap could not start; calls will not be transcribed live')
            }
          })()
        : Promise.resolve()
  }

  /** Resolves once the listening device has registered (or failed to). */
  tapReady(): Promise<void> {
    return this.tapStarted
  }

  async stop(): Promise<void> {
    await this.tapStarted
    this.stopListening?.()
    this.stopListening = null
    await this.options.tap?.stop()
    await this.transcription?.stop()
    await this.idle()
  }

  /** Resolves once transcription streams and queued agent work have settled. */
  async idle(): Promise<void> {
    for (;;) {
      const seen = this.work.queued
      await this.work.idle()
      await this.transcription?.idle()
      if (seen === this.work.queued) return
    }
  }

  /**
   * Transcribes a voicemail with Deepgram's pre-recorded API into final segments on the caller's
   * call (the newest call from that number, or a call document for the voicemail itself), then
   * lets the agent read it. Throws when the recording cannot be fetched or transcribed, so the
   * inbox retries the event.
   */
  async transcribeVoicemail(message: VoicemailNotice): Promise<void> {
    const { deepgram, ringCentral } = this.options
    if (!deepgram || !ringCentral) return
    await this.login()
    const response = await (await ringCentral.client.platform()).get(message.recordingUri)
    const audio = Buffer.from(await response.arrayBuffer())
    const transcript: unknown = await deepgram.listen.v1.media.transcribeFile(audio, { model: 'nova-3', smart_format: true, utterances: true })
    if (!Value.Check(PrerecordedTranscript, transcript)) throw new Error('Deepgram answered the voicemail with a transcript of an unexpected shape')
    const utterances =
      transcript.results?.utterances ??
      [{ start: 0, end: 0, transcript: transcript.results?.channels?.[0]?.alternatives?.[0]?.transcript ?? '' }]
    const callId = await this.voicemailCallId(message)
    let lastSegmentId: string | null = null
    const { documents } = this.options.storage
    // The call first, then its segments (by stable ids): the inbox retries the event after a stop between.
    await documents.update('calls', callId, (call) => {
        if (call) return { ...call, transcription: 'finished' as const }
        const created: Omit<Call, 'updatedAt'> = {
          id: callId,
          telephonySessionId: `voicemail-${message.messageId}`,
          direction: 'inbound',
          fromNumber: message.from,
          toNumber: null,
          customerId: null,
          status: 'voicemail',
          startedAt: message.receivedAt,
          endedAt: message.receivedAt,
          escalated: false,
          escalationReason: null,
          assignedExtensionId: null,
          summary: '',
          transcription: 'finished',
        }
        return created
      })
    for (const [index, utterance] of utterances.entries()) {
        if (!utterance.transcript.trim()) continue
        const id = `vm-${createHash('sha256').update(`${message.messageId}|${index}`).digest('hex').slice(0, 32)}`
        const segment: Omit<TranscriptSegment, 'updatedAt'> = {
          id,
          callId,
          speaker: 'caller',
          text: utterance.transcript.slice(0, 10_000),
          startMs: Math.round(utterance.start * 1000),
          endMs: Math.round(utterance.end * 1000),
          isFinal: true,
        }
        await documents.put('transcriptSegments', segment)
        lastSegmentId = id
    }
    this.options.logger.info({ call: callRef(callId), utterances: utterances.length }, 'voicemail transcribed')
    if (lastSegmentId) await this.handleUtterance({ callId, segmentId: lastSegmentId, speaker: 'caller' })
  }

  private maybeTap(call: Call): void {
    const { tap } = this.options
    // Our side of the call is over (hung up, or the caller is leaving a voicemail): stop listening.
    if ((call.status === 'ended' || call.status === 'voicemail') && call.transcription === 'live') {
      setImmediate(() => this.transcription?.onCallEnd(call.telephonySessionId))
    }
    if (!tap || !this.transcription || call.status !== 'answered') return
    const transcription = call.transcription ?? 'none'
    const known = this.tapped.get(call.telephonySessionId)
    // A transfer brought a new staff member: listen to their voice too, to tell them apart.
    const follow = known !== undefined && transcription === 'live' && call.partyId !== known
    if (!follow && (known !== undefined || transcription !== 'none')) return
    this.tapped.set(call.telephonySessionId, call.partyId ?? null)
    this.enqueue(async () => {
      // One relay listens to a call: the one that claims it (a transfer's new party is followed by the same one).
      if (!follow && !(await this.options.storage.claims.claim(`tap:${call.telephonySessionId}`.slice(0, 200), this.now(), tapLeaseMs))) return
      this.sessionCalls.set(call.telephonySessionId, call.id)
      try {
        await this.tapStarted
        const agent = await tap.tap(call.telephonySessionId)
        this.tapped.set(call.telephonySessionId, agent.partyId)
        this.options.logger.info({ call: callRef(call.id), following: follow }, 'listening to a call')
      } catch (error) {
        this.options.logger.warn({ call: callRef(call.id), err: { message: (error as Error).message } }, 'could not listen to a call')
        if (!follow) await this.update(call.id, (current) => ({ ...current, transcription: 'failed' }))
      }
    })
  }

  private enqueue(work: () => Promise<void>): void {
    this.work.push(work)
  }

  /** Lets the agent read a final utterance of the call (again, after a restart: answered once). */
  async handleUtterance(utterance: FinalUtterance): Promise<void> {
    if (utterance.speaker !== 'caller') return // the agent answers the caller, not staff
    const call = await this.call(utterance.callId)
    if (!call) return
    const segments = await this.finalSegments(call.id)
    if (!segments.some((segment) => segment.id === utterance.segmentId)) return
    const settings = await this.settings()
    if (!settings) {
      // No name, prices or hours to suggest from: the person on the call answers alone.
      await remindToFinishSetupThrough(this.options.storage.documents, this.now(), 'A call was transcribed, but no answers could be suggested.')
      return
    }
    const brain = await this.options.loadBrain(settings)
    const result = await brain.respond({ turns: turnsFromSegments(segments), channel: 'voice', now: this.now().toISOString(), knowledge: await this.knowledge(settings) })
    // Handed on again (a restart, a replay): suggested once; the escalation below is claimed once.
    if (!(await this.options.storage.documents.get('suggestions', suggestionId(utterance.segmentId, 0)))) await this.store(call, utterance.segmentId, result)
    this.options.logger.info({ call: callRef(call.id), intent: result.intent, escalate: result.escalate, followUp: result.followUp !== null }, 'agent read a caller utterance')
    if (result.escalate) await this.escalate(call.id, result, settings)
    else if (result.followUp !== null) {
      const said = segments.find((segment) => segment.id === utterance.segmentId)?.text ?? ''
      await this.followUps.record(
        { sourceId: utterance.segmentId, conversationId: null, callId: call.id, customerPhone: call.fromNumber, customerId: call.customerId, reason: result.followUp, customerText: said },
        settings,
      )
    }
  }

  /** The cards, then the call's summary: suggested once per utterance (the first card's id says so). */
  private async store(call: Call, segmentId: string, result: AgentResult): Promise<void> {
    const { documents } = this.options.storage
    const draft = bookingDraftFromResult(result, call.fromNumber)
    const createdAt = this.now().toISOString()
    // The agent reads the whole call each time, so a later utterance often repeats an earlier
    // answer (the same quote): a card already open for this call is not shown twice.
    const open = new Set((await this.openSuggestions(call.id)).map((existing) => suggestionKey(existing)))
    // Written last to first: the first card is what marks the utterance as suggested for.
    for (const [index, suggestion] of [...result.suggestions.entries()].reverse()) {
        // Already written (a replay), or the same card is open: a dismissed card stays dismissed.
        if (open.has(suggestionKey(suggestion)) || (await documents.get('suggestions', suggestionId(segmentId, index)))) continue
        const document: Omit<Suggestion, 'updatedAt'> = {
          id: suggestionId(segmentId, index),
          callId: call.id,
          conversationId: null,
          kind: suggestion.kind,
          title: suggestion.title,
          text: suggestion.text,
          status: 'open',
          createdAt,
          bookingDraft: suggestion.kind === 'quote' || suggestion.kind === 'next_step' ? (draftHasFacts(draft) ? draft : null) : null,
          sourceId: segmentId,
        }
        await documents.put('suggestions', document)
    }
    await this.update(call.id, (current) => ({ ...current, summary: callSummary(result, formatCents) }))
  }

  private async escalate(callId: string, result: AgentResult, settings: Settings): Promise<void> {
    const call = await this.call(callId)
    if (!call) return
    const extensions = await this.options.storage.queries.extensions.all()
    const decision = routeEscalation({ extensions, now: this.now(), timeZone: settings.timeZone, lastAssignedExtensionId: await this.lastAssignedExtensionId() })
    const action = planCallEscalation(call, decision)
    if (action.kind === 'none') return
    const why = result.escalationReason ?? 'the caller asked for a person'
    // Claimed before any call control: whoever claims first acts, everyone else stops here.
    const claimed = await this.update(callId, (current) =>
      current.escalated
        ? null
        : {
            ...current,
            escalated: true,
            escalatedAt: this.now().toISOString(),
            escalationReason: why.slice(0, 500),
            assignedExtensionId: action.kind === 'transfer' ? action.assignedExtensionId : action.mailboxExtensionId,
            routingOutcome: null,
          },
    )
    if (!claimed) return
    const outcome = await this.performCallControl(call, action, extensions)
    await this.update(callId, (current) => ({ ...current, routingOutcome: outcome }))
    const alert =
      decision.kind === 'transfer'
        ? decision.extension.alertPhone
          ? { phone: decision.extension.alertPhone, name: decision.extension.employeeName }
          : null
        : decision.alert
          ? { phone: decision.alert.phone, name: decision.alert.extension.employeeName }
          : null
    await this.sendAlert(call, alert, outcome, why, settings)
    this.options.logger.info({ call: callRef(callId), routing: action.kind, outcome }, 'call escalated')
  }

  private async performCallControl(call: Call, action: Exclude<CallControlAction, { kind: 'none' }>, extensions: Extension[]): Promise<NonNullable<Call['routingOutcome']>> {
    const ringCentral = this.options.ringCentral
    if (!ringCentral) return 'failed'
    const path = `/restapi/v1.0/account/~/telephony/sessions/${encodeURIComponent(call.telephonySessionId)}/parties/${encodeURIComponent(call.partyId!)}/transfer`
    try {
      await this.login()
      if (action.kind === 'transfer') {
        await (await ringCentral.client.platform()).post(path, { extensionNumber: action.extensionNumber })
        return 'transferred'
      }
      const mailbox = extensions.find((extension) => extension.id === action.mailboxExtensionId)
      const mailboxId = mailbox ? await this.ringCentralExtensionId(mailbox) : null
      if (!mailboxId) return 'failed'
      await (await ringCentral.client.platform()).post(path, { voicemail: mailboxId })
      return 'voicemail'
    } catch (error) {
      this.options.logger.warn({ call: callRef(call.id), err: { message: (error as Error).message.slice(0, 300) } }, 'RingCentral refused the call transfer')
      return 'failed'
    }
  }

  /** The mailbox owner's RingCentral id: stored on the extension, or looked up by its number. */
  private async ringCentralExtensionId(extension: Extension): Promise<string | null> {
    if (extension.ringCentralExtensionId) return extension.ringCentralExtensionId
    const response = await (await this.options.ringCentral!.client.platform()).get('/restapi/v1.0/account/~/extension', { type: 'User', status: 'Enabled', perPage: 100 })
    const records = ((await response.json()) as { records?: { id: number | string; extensionNumber?: string }[] }).records ?? []
    const match = records.find((record) => record.extensionNumber === extension.extensionNumber)
    return match ? String(match.id) : null
  }

  private async sendAlert(call: Call, alert: { phone: string; name: string } | null, outcome: string, why: string, settings: Settings): Promise<void> {
    if (!alert || !this.options.sender) {
      this.options.logger.warn({ call: callRef(call.id) }, 'no alert text for an escalated call: nobody has an alert phone, or RingCentral is not configured')
      return
    }
    const caller = call.fromNumber ? `…${call.fromNumber.slice(-4)}` : 'an unknown number'
    const what = outcome === 'transferred' ? 'is being transferred to you' : outcome === 'voicemail' ? 'was sent to voicemail' : 'could not be transferred'
    try {
      await this.options.sender.send({
        to: alert.phone,
        // Only the last digits of the caller's number: the alert says where to look, not who.
        text: `${settings.businessName}: a caller from ${caller} needs a person (${why}) and ${what}. Open Switchboard Live for the transcript.`,
        purpose: 'staff_alert',
      })
    } catch (error) {
      this.options.logger.warn({ call: callRef(call.id), err: { message: (error as Error).message.slice(0, 300) } }, 'the escalation alert text was not sent')
    }
  }

  private login(): Promise<void> {
    const ringCentral = this.options.ringCentral
    if (!ringCentral) return Promise.resolve()
    this.loggedIn ??= (async () => {
      const platform = await ringCentral.client.platform()
      // A stored sign-in is reused (the SDK refreshes it when due); the JWT only without one.
      if (!(await platform.loggedIn())) await platform.login({ jwt: ringCentral.jwt })
    })().catch((error: unknown) => {
      this.loggedIn = null
      throw error
    })
    return this.loggedIn
  }

  private async voicemailCallId(message: VoicemailNotice): Promise<string> {
    if (message.from) {
      const since = new Date(Date.parse(message.receivedAt) - 60 * 60 * 1000).toISOString()
      const latest = await this.options.storage.queries.calls.latestIdFrom(message.from, since)
      if (latest) return latest
    }
    return `vm-${createHash('sha256').update(message.messageId).digest('hex').slice(0, 40)}`
  }

  private async finalSegments(callId: string): Promise<TranscriptSegment[]> {
    return (await this.options.storage.queries.transcriptSegments.ofCall(callId)).filter((segment) => segment.isFinal)
  }

  private openSuggestions(callId: string): Promise<Suggestion[]> {
    return this.options.storage.queries.suggestions.openForCall(callId)
  }

  private lastAssignedExtensionId(): Promise<string | null> {
    return this.options.storage.queries.calls.lastTransferredExtensionId()
  }

  private call(id: string): Promise<Call | null> {
    return this.options.storage.queries.calls.live(id)
  }

  /**
   * Changes a live call with no other write to it in between, on any relay; `change` returns
   * null to leave it as it is. Whether it wrote.
   */
  private async update(id: string, change: (current: Call) => Call | null): Promise<boolean> {
    return (await this.options.storage.documents.update('calls', id, (current) => (current ? change(current) : null))) !== null
  }

  private settings(): Promise<Settings | null> {
    return businessSettingsFrom(this.options.storage.queries.settings)
  }

  private knowledge(settings: Settings): Promise<AgentKnowledge> {
    return agentKnowledge(this.options.storage.queries, settings, this.now())
  }
}

/** What makes two suggestion cards the same to a reader. */
function suggestionKey(suggestion: Pick<Suggestion, 'kind' | 'title' | 'text'>): string {
  return JSON.stringify([suggestion.kind, suggestion.title, suggestion.text])
}

/** One per suggestion of an utterance, so processing the utterance again writes nothing new. */
function suggestionId(segmentId: string, index: number): string {
  return `csg-${createHash('sha256').update(segmentId).digest('hex').slice(0, 32)}-${index}`
}
