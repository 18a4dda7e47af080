/**
 * Who may write what (architecture §6 ★). Sync replicates whole documents, but a device only
 * *proposes* edits: for every collection × role × field this module says whether a device may
 * set the field when it creates a document, change it later, or never write it because the
 * relay (or, for owner-managed data, the owner) is its only author. Money received, provider
 * links, inbound messages, call records and derived status are facts only the relay and the
 * providers establish; a stolen front-desk token must not be able to forge them.
 *
 * Pure and exhaustive: a test checks that every field of every collection schema has a rule for
 * both roles, and the README/SECURITY.md table is rendered from `writePolicy`.
 */
import { collectionMigrationStrategies, collectionSchemas, type CollectionName } from '../schemas'
import { hasDepositLinkFacts, hasStaleDepositLink, needsDepositLink } from '../bookings/deposit-link'
import { isEqual, type DocumentFields } from './push-resolution'

export type DeviceRole = 'owner' | 'frontdesk'
export const deviceRoles: readonly DeviceRole[] = ['owner', 'frontdesk']

/** What a device of one role may do with one field. */
export type FieldRule =
  /** Set it when creating the document, and change it later. */
  | 'change'
  /**
   * Like `change` until money has arrived or a deposit link is open; after that only the owner
   * changes it (a price lowered to what was paid would mark a party "paid in full").
   */
  | 'before-payment'
  /** Set it when creating the document; afterwards it stays as it was created. */
  | 'create'
  /** Never written by this role: the relay (or the owner) is its only author. */
  | 'never'
  /** Computed by the relay each time a device stores the document (from its other fields, or who stored it). */
  | 'derived'
  /** A log: the device may add entries of its own kind (see `logRules`) and nothing else. */
  | 'append'

export interface CollectionWritePolicy {
  /** May this role create documents in the collection? */
  create: boolean
  /** May it delete them (leave a tombstone)? */
  delete: boolean
  fields: Record<string, FieldRule>
}

type Rules = Record<string, FieldRule>

/** Every field of a collection with the same rule (owner-managed data, relay-only records). */
function all(collection: CollectionName, rule: FieldRule, except: Rules = {}): Rules {
  const fields = Object.keys(collectionSchemas[collection].properties).filter((field) => field !== 'id' && field !== 'updatedAt')
  return Object.fromEntries(fields.map((field) => [field, except[field] ?? rule]))
}

const noWrites = (collection: CollectionName, except: Rules = {}): CollectionWritePolicy => ({
  create: false,
  delete: false,
  fields: all(collection, 'never', except),
})

/** What a booking's staff may decide; the money, the Stripe link and the status are the relay's. */
const bookingFields = (role: DeviceRole): Rules => ({
  customerId: 'change',
  customerName: 'change',
  customerPhone: 'change',
  customerEmail: 'change',
  eventDate: 'change',
  eventTime: 'change',
  adults: 'change',
  kids: 'change',
  address: 'change',
  zip: 'change',
  subtotalCents: role === 'owner' ? 'change' : 'before-payment',
  travelFeeCents: role === 'owner' ? 'change' : 'before-payment',
  totalCents: role === 'owner' ? 'change' : 'before-payment',
  depositCents: role === 'owner' ? 'change' : 'before-payment',
  paidCents: 'never',
  status: 'derived',
  notes: 'change',
  createdAt: 'create',
  quotedAt: 'change',
  confirmedAt: 'change',
  cancelledAt: 'change',
  sourceSuggestionId: 'create',
  depositCheckout: 'never',
  timeline: 'append',
  depositLinkRequestedAt: 'change',
  refundedCents: 'never',
  disputes: 'never',
})

const customerFields = (role: DeviceRole): Rules => ({
  name: 'change',
  phone: 'change',
  email: 'change',
  notes: 'change',
  smsOptOut: 'never',
  createdAt: 'create',
  /** Payers the matcher takes for this customer: money decisions, so the owner's. */
  alsoPaysAs: role === 'owner' ? 'change' : 'never',
  /**
   * Merging moves bookings, threads and calls between customers (and what the matcher takes for
   * them): the owner's, so a stolen front-desk token cannot fold one customer into another.
   */
  mergedInto: role === 'owner' ? 'change' : 'never',
  mergedAt: 'derived',
  mergedBy: 'derived',
})

const conversationFields: Rules = {
  customerPhone: 'create',
  customerId: 'change',
  messages: 'append',
  needsHuman: 'change',
  // "Mark handled" (and its undo): staff's own bookkeeping; it sends nothing and moves no money.
  handledAt: 'change',
  lastMessageAt: 'derived',
}

/** Staff work on a call: their notes and the after-call summary. The rest is RingCentral's and the relay's. */
const callFields = (collection: 'calls') => all(collection, 'never', { notes: 'change', afterCallSummary: 'change' })

const sharedWork = {
  customers: (role: DeviceRole): CollectionWritePolicy => ({ create: true, delete: false, fields: customerFields(role) }),
  bookings: (role: DeviceRole): CollectionWritePolicy => ({ create: true, delete: false, fields: bookingFields(role) }),
  calls: { create: false, delete: false, fields: callFields('calls') },
  transcriptSegments: noWrites('transcriptSegments'),
  suggestions: noWrites('suggestions', { status: 'change' }),
  conversations: { create: true, delete: false, fields: conversationFields },
  /** A device resolves or dismisses items; it never creates one (the relay records them). Who and when is stamped by the relay. */
  needsAttention: noWrites('needsAttention', { status: 'change', resolvedBy: 'derived', resolvedAt: 'derived' }),
}

const ownerManaged = (collection: CollectionName, canDelete: boolean): CollectionWritePolicy => ({
  create: true,
  delete: canDelete,
  fields: all(collection, 'change'),
})

export const writePolicy: Record<CollectionName, Record<DeviceRole, CollectionWritePolicy>> = {
  customers: { owner: sharedWork.customers('owner'), frontdesk: sharedWork.customers('frontdesk') },
  bookings: { owner: sharedWork.bookings('owner'), frontdesk: sharedWork.bookings('frontdesk') },
  extensions: { owner: ownerManaged('extensions', true), frontdesk: noWrites('extensions') },
  calls: { owner: sharedWork.calls, frontdesk: sharedWork.calls },
  transcriptSegments: { owner: sharedWork.transcriptSegments, frontdesk: sharedWork.transcriptSegments },
  suggestions: { owner: sharedWork.suggestions, frontdesk: sharedWork.suggestions },
  conversations: { owner: sharedWork.conversations, frontdesk: sharedWork.conversations },
  transactions: { owner: noWrites('transactions'), frontdesk: noWrites('transactions') },
  paymentMatches: {
    /**
     * The owner decides (accept, reject, re-match) and records cash and check payments (a new match
     * with `manualPayment`, which the relay checks before the money counts); what the matcher found
     * about a bank transaction stays the relay's.
     */
    owner: {
      create: true,
      delete: false,
      fields: all('paymentMatches', 'never', {
        transactionId: 'create',
        confidence: 'create',
        reasons: 'create',
        bookingId: 'change',
        paymentType: 'change',
        status: 'change',
        manualPayment: 'change',
        decidedBy: 'derived',
        decidedAt: 'derived',
      }),
    },
    frontdesk: noWrites('paymentMatches'),
  },
  packages: { owner: ownerManaged('packages', true), frontdesk: noWrites('packages') },
  settings: { owner: ownerManaged('settings', false), frontdesk: noWrites('settings') },
  needsAttention: { owner: sharedWork.needsAttention, frontdesk: sharedWork.needsAttention },
}

/**
 * The value a never-written field must have on a document a device creates (a new booking has
 * received no money and has no Stripe link; a new customer has not opted out).
 */
export const initialValues: Partial<Record<CollectionName, DocumentFields>> = {
  bookings: { paidCents: 0, depositCheckout: null },
  customers: { smsOptOut: false },
}

/** What a device may add to a log field, and how it may touch entries already there. */
export interface LogRule {
  /** Why an entry the device adds is not allowed, or null. */
  newEntry(entry: Record<string, unknown>, role: DeviceRole): string | null
  /** Why a change to an entry the relay already holds is not allowed, or null. */
  changedEntry?(before: Record<string, unknown>, after: Record<string, unknown>, role: DeviceRole): string | null
  /** Fields of a device's entry the relay fills in itself (who wrote it); ignored when comparing. */
  stampedFields: readonly string[]
}

/** The timeline actor a device of this role writes as. */
export function actorFor(role: DeviceRole): 'owner' | 'staff' {
  return role === 'owner' ? 'owner' : 'staff'
}

/** Kinds of timeline entries a person adds; payments, links, texts and calls are recorded by the relay. */
export const deviceTimelineKinds = ['booking', 'decision', 'note'] as const

export const logRules: Record<string, LogRule> = {
  /** bookings.timeline */
  timeline: {
    stampedFields: ['by'],
    newEntry(entry, role) {
      if (!(deviceTimelineKinds as readonly unknown[]).includes(entry.kind)) {
        return `a device may add only ${deviceTimelineKinds.join(', ')} entries to a timeline, not "${String(entry.kind)}" (payments, links, texts and calls are recorded by the relay)`
      }
      if (entry.actor !== actorFor(role)) return `a ${roleLabel(role)} device writes timeline entries as "${actorFor(role)}", not "${String(entry.actor)}"`
      return null
    },
  },
  /** conversations.messages */
  messages: {
    stampedFields: ['by', 'deviceId'],
    newEntry(entry) {
      if (entry.direction !== 'outbound' || entry.author !== 'staff') {
        return 'a device may add only staff replies to a conversation (customer messages come from RingCentral, agent replies from the relay)'
      }
      if (entry.status !== 'queued') return 'a staff reply is added as "queued"; the relay records whether it was sent'
      // The relay names its own messages (`ag-…` answers, `rc-…` texts): a reply may not take one of those ids.
      if (!String(entry.id).startsWith('st-')) return 'a staff reply\'s id starts with "st-"'
      return null
    },
    changedEntry(before, after) {
      // The one message a person edits is the agent's draft: send it (possibly reworded) or discard it.
      if (before.status !== 'draft') return 'only a draft reply may be changed; messages already received or sent stay as they were'
      const approved = after.status === 'queued' && after.author === 'staff' && after.direction === before.direction
      const discarded = after.status === 'draft' && after.text === '' && sameExcept(before, after, ['text'])
      return approved || discarded ? null : 'a draft reply may only be sent (as a staff reply) or discarded'
    },
  },
}

export interface WriteViolation {
  /** The field (or `_deleted`, `_document`) the device may not write this way. */
  field: string
  /** Written for the owner: what was refused and why. */
  reason: string
}

/**
 * What storing the edit sets in motion at once, counted against the device's quotas. (Texts the
 * relay schedules for a booking count against the device that confirmed it when they are sent.)
 */
export interface SendingActions {
  /** Texts to customers: staff replies. */
  texts: number
  /** Calls to Stripe: a deposit link made, or an open one withdrawn. */
  checkouts: number
  /** New documents. */
  creations: number
}

export type WriteVerdict = { ok: true; actions: SendingActions } | { ok: false; violations: WriteViolation[] }

export interface DeviceWrite {
  collection: CollectionName
  role: DeviceRole
  deviceId: string
  /** The relay's current document (null when the device creates one); a tombstone counts as existing. */
  before: DocumentFields | null
  /** What would be stored, after conflict merging, with `_deleted` when it deletes. */
  after: DocumentFields
}

const bookkeeping = new Set(['id', 'updatedAt', '_deleted', '_meta', '_rev', '_attachments'])

/**
 * The values a console's store fills in for fields added by later schema versions (its RxDB
 * migrations): a field absent on the relay's copy and holding that value on the device's is the
 * same field, not a change.
 */
const migrationDefaults = Object.fromEntries(
  (Object.keys(collectionSchemas) as CollectionName[]).map((collection) => {
    const strategies = collectionMigrationStrategies[collection] ?? {}
    const versions = Object.keys(strategies).map(Number).sort((a, b) => a - b)
    return [collection, versions.reduce<DocumentFields>((document, version) => strategies[version]!(document), {})]
  }),
) as Record<CollectionName, DocumentFields>

function withDefaults(collection: CollectionName, document: DocumentFields | null): DocumentFields | null {
  return document === null ? null : { ...migrationDefaults[collection], ...document }
}

/**
 * May this device store `after` over `before`? Every field whose value would differ from the
 * relay's must be one the role may write; on a new document, never-written fields must hold
 * their initial value. Derived fields are ignored here (the relay recomputes them).
 */
export function checkDeviceWrite(original: DeviceWrite): WriteVerdict {
  const write = { ...original, before: withDefaults(original.collection, original.before), after: withDefaults(original.collection, original.after)! }
  const policy = writePolicy[write.collection][write.role]
  const violations: WriteViolation[] = []
  const label = collectionLabel(write.collection)
  const role = roleLabel(write.role)
  const before = write.before
  const deleting = write.after._deleted === true && before?._deleted !== true

  if (before === null) {
    if (!policy.create) violations.push({ field: '_document', reason: `${capitalize(role)} devices may not create ${label}.` })
  } else if (deleting) {
    if (!policy.delete) violations.push({ field: '_deleted', reason: `${capitalize(role)} devices may not delete ${label}.` })
  } else if (before._deleted === true && write.after._deleted !== true) {
    if (!policy.delete) violations.push({ field: '_deleted', reason: `${capitalize(role)} devices may not restore deleted ${label}.` })
  }
  const rowReason = rowRestriction(write)
  if (rowReason) violations.push({ field: '_document', reason: rowReason })

  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(write.after)].filter((field) => !bookkeeping.has(field)))
  for (const field of [...fields].sort()) {
    const rule = Object.hasOwn(policy.fields, field) ? policy.fields[field] : undefined
    if (rule === undefined) {
      violations.push({ field, reason: `${capitalize(label)} have no field "${field}".` })
      continue
    }
    const was = before?.[field]
    const now = write.after[field]
    switch (rule) {
      case 'change':
      case 'derived':
        break
      case 'create':
        if (before !== null && !isEqual(was, now)) violations.push({ field, reason: `${capitalize(fieldLabel(field))} is set when ${label} is created and not changed afterwards.` })
        break
      case 'before-payment':
        if (before !== null && !isEqual(was, now) && moneyIsInPlay(before)) {
          violations.push({ field, reason: `${capitalize(fieldLabel(field))} is the owner's to change once money has arrived or a deposit link is open.` })
        }
        break
      case 'never': {
        const initial = { ...migrationDefaults[write.collection], ...initialValues[write.collection] }
        const expected = before === null ? (Object.hasOwn(initial, field) ? initial[field] : undefined) : was
        const unchanged = before === null ? now === undefined || isEqual(now, expected) : isEqual(was, now)
        if (!unchanged) violations.push({ field, reason: neverReason(write.collection, write.role, field) })
        break
      }
      case 'append': {
        const reason = checkLog(field, was, now, write.role)
        if (reason) violations.push({ field, reason: `${capitalize(fieldLabel(field))}: ${reason}.` })
        break
      }
    }
  }
  if (violations.length > 0) return { ok: false, violations }
  return { ok: true, actions: sendingActionsOf(write.collection, original.before, original.after) }
}

/** Money has arrived, or a customer holds an open link to pay. */
function moneyIsInPlay(booking: DocumentFields): boolean {
  return Number(booking.paidCents ?? 0) > 0 || (booking.depositCheckout as { status?: unknown } | null | undefined)?.status === 'open'
}

/**
 * Rows a role may touch: front desk resolves only the needs-attention items about its own edits,
 * and never a refusal of one (that record is for the owner).
 */
function rowRestriction(write: DeviceWrite): string | null {
  if (write.collection === 'paymentMatches') {
    // Only a cash or check payment is a new match: bank transactions come from Plaid through the relay.
    const manual = (document: DocumentFields | null) => Boolean(document?.manualPayment) && String(document?.transactionId ?? '').startsWith('manual_')
    if (write.before === null && !manual(write.after)) return 'A device records only cash and check payments; bank transactions come from the bank.'
    if (write.before !== null && Boolean(write.after.manualPayment) !== Boolean(write.before.manualPayment) && write.after._deleted !== true) {
      return 'A bank transaction cannot become a cash or check payment, nor a recorded payment lose its details (reject it to void it).'
    }
    return null
  }
  if (write.collection !== 'needsAttention' || write.role === 'owner' || write.before === null) return null
  if (write.before.kind === 'refused_edit') return 'A refused edit is for the owner to see and resolve.'
  if (write.before.deviceId === write.deviceId) return null
  return 'Front-desk devices may resolve only the needs-attention items about their own edits; the owner resolves the rest.'
}

function checkLog(field: string, was: unknown, now: unknown, role: DeviceRole): string | null {
  const rule = logRules[field]
  if (!rule) return 'this log has no rule'
  const beforeEntries = asEntries(was ?? [])
  const afterEntries = asEntries(now ?? [])
  if (!beforeEntries || !afterEntries) return 'entries need ids'
  const afterById = new Map(afterEntries.map((entry) => [entry.id as string, entry]))
  if (afterById.size !== afterEntries.length) return 'each entry needs its own id'
  // Entries already recorded keep their order; new ones may fall between them by time.
  const positions = beforeEntries.map((entry) => afterEntries.indexOf(afterById.get(entry.id as string)!))
  if (positions.some((position, index) => position >= 0 && index > 0 && position < positions[index - 1]!)) return 'entries already recorded may not be reordered'
  for (const entry of beforeEntries) {
    const kept = afterById.get(entry.id as string)
    if (!kept) return 'entries already recorded may not be removed'
    if (isEqual(entry, kept)) continue
    const reason = rule.changedEntry ? rule.changedEntry(entry, kept, role) : 'entries already recorded may not be changed'
    if (reason) return reason
  }
  const known = new Set(beforeEntries.map((entry) => entry.id))
  for (const entry of afterEntries) {
    if (known.has(entry.id)) continue
    const reason = rule.newEntry(entry, role)
    if (reason) return reason
  }
  return null
}

function asEntries(value: unknown): Record<string, unknown>[] | null {
  if (!Array.isArray(value)) return null
  return value.every((entry) => typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string')
    ? (value as Record<string, unknown>[])
    : null
}

function sameExcept(a: Record<string, unknown>, b: Record<string, unknown>, fields: string[]): boolean {
  const strip = (entry: Record<string, unknown>) => Object.fromEntries(Object.entries(entry).filter(([key]) => !fields.includes(key)))
  return isEqual(strip(a), strip(b))
}

/**
 * What storing this edit starts at once: a staff reply queued (or an agent's draft sent) is a
 * text; a booking that now needs a deposit link (confirmed, un-cancelled, or a new link asked
 * for) or whose open link must be withdrawn (cancelled, deposit lowered) is a Stripe call; a new
 * document is a creation. Judged with the relay's own rule for links (domain/bookings/deposit-link).
 */
export function sendingActionsOf(collection: CollectionName, before: DocumentFields | null, after: DocumentFields): SendingActions {
  const actions: SendingActions = { texts: 0, checkouts: 0, creations: before === null ? 1 : 0 }
  if (after._deleted === true) return actions
  if (collection === 'conversations') {
    const wasQueued = new Set(
      (asEntries(before?.messages ?? []) ?? []).filter((message) => message.status === 'queued').map((message) => message.id),
    )
    for (const message of asEntries(after.messages ?? []) ?? []) {
      if (message.status === 'queued' && message.author === 'staff' && !wasQueued.has(message.id)) actions.texts++
    }
  }
  if (collection === 'bookings') {
    // A booking without these facts, each of its type, is no valid booking: the store refuses it.
    const facts = (booking: DocumentFields | null) => (booking === null || booking._deleted === true || !hasDepositLinkFacts(booking) ? null : booking)
    const was = facts(before)
    const now = facts(after)
    if (now && needsDepositLink(now) && !(was && needsDepositLink(was))) actions.checkouts++
    if (now && hasStaleDepositLink(now) && !(was && hasStaleDepositLink(was))) actions.checkouts++
  }
  return actions
}

/** Fields no device of any role writes: the relay's facts. */
export function relayOwnedFields(collection: CollectionName): string[] {
  const byRole = deviceRoles.map((role) => writePolicy[collection][role].fields)
  return Object.keys(byRole[0]!).filter((field) => byRole.every((fields) => fields[field] === 'never' || fields[field] === 'derived'))
}

function neverReason(collection: CollectionName, role: DeviceRole, field: string): string {
  const ownerMay = writePolicy[collection].owner.fields[field] !== 'never'
  if (role === 'frontdesk' && ownerMay) return `${capitalize(fieldLabel(field))} on ${collectionLabel(collection)} is managed by the owner; front-desk devices may not change it.`
  return `${capitalize(fieldLabel(field))} on ${collectionLabel(collection)} is recorded by the relay${relayReasons[field] ? ` (${relayReasons[field]})` : ''}; devices may not write it.`
}

const relayReasons: Record<string, string> = {
  paidCents: 'money received comes from Stripe and the bank',
  depositCheckout: 'deposit links are created at Stripe by the relay',
  smsOptOut: "only the customer's STOP or START changes it",
  confidence: 'the matcher scores it',
  reasons: 'the matcher explains its scores',
  transactionId: 'it is the bank transaction the match is about',
}

const collectionLabels: Record<CollectionName, string> = {
  customers: 'customers',
  bookings: 'bookings',
  extensions: 'extensions',
  calls: 'calls',
  transcriptSegments: 'transcript segments',
  suggestions: 'suggestions',
  conversations: 'conversations',
  transactions: 'bank transactions',
  paymentMatches: 'payment matches',
  packages: 'packages',
  settings: 'the business settings',
  needsAttention: 'needs-attention items',
}

export function collectionLabel(collection: CollectionName): string {
  return collectionLabels[collection]
}

export function roleLabel(role: DeviceRole): string {
  return role === 'owner' ? 'owner' : 'front-desk'
}

/** `paidCents` → "paid cents": good enough for a reason a person reads. */
export function fieldLabel(field: string): string {
  return field.replace(/Cents$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

const ruleLabels: Record<FieldRule, string> = {
  change: 'change',
  'before-payment': 'change until paid',
  create: 'on create',
  never: '—',
  derived: 'derived',
  append: 'append own',
}

/**
 * The policy as a Markdown table (one row per collection and field), for the README and
 * SECURITY.md; a test keeps both documents equal to it.
 */
export function writePolicyTable(): string {
  const lines = ['| collection | field | owner | front desk |', '|---|---|---|---|']
  for (const collection of Object.keys(writePolicy) as CollectionName[]) {
    const { owner, frontdesk } = writePolicy[collection]
    const verbs = (policy: CollectionWritePolicy) => [policy.create ? 'create' : null, policy.delete ? 'delete' : null].filter(Boolean).join(', ') || '—'
    lines.push(`| \`${collection}\` | *(documents)* | ${verbs(owner)} | ${verbs(frontdesk)} |`)
    for (const field of Object.keys(owner.fields)) {
      lines.push(`| | \`${field}\` | ${ruleLabels[owner.fields[field]!]} | ${ruleLabels[frontdesk.fields[field]!]} |`)
    }
  }
  return lines.join('\n')
}
