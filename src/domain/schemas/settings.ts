import { Type, type Static } from 'typebox'
import { ClockTime, NonNegativeCents, Nullable, syncedFields, toCollectionSchema } from './common'

export const TimeSlot = Type.Object(
  {
    name: Type.String({ maxLength: 50 }),
    start: ClockTime,
    /** How many parties the business can serve in this slot on one date. */
    capacity: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
)

/** An owner-written answer to a common question; the agents use it word for word. */
export const FaqEntrySchema = Type.Object(
  {
    question: Type.String({ minLength: 1, maxLength: 300 }),
    /** Lower-case words or phrases; the entry fits a message that contains any of them. */
    keywords: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 20 }),
    answer: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
)

export const messageTemplateNames = [
  'confirmation',
  'depositLink',
  'depositReminder',
  'eventReminder',
  'balanceReminder',
  'reviewRequest',
] as const
export type MessageTemplateName = (typeof messageTemplateNames)[number]

/** Texts staff send with one click (a quote from a call), edited beside the automatic ones. */
export const staffTemplateNames = ['quote'] as const
export type StaffTemplateName = (typeof staffTemplateNames)[number]
/** Every template the owner edits: the automatic texts, then the ones staff send. */
export const editableTemplateNames = [...messageTemplateNames, ...staffTemplateNames] as const
export type EditableTemplateName = (typeof editableTemplateNames)[number]

const Template = Type.String({ minLength: 1, maxLength: 1000 })
export const MessageTemplates = Type.Object(
  {
    confirmation: Template,
    depositLink: Template,
    depositReminder: Template,
    eventReminder: Template,
    balanceReminder: Template,
    reviewRequest: Template,
    // Added in schema version 4, optional so templates saved before it keep validating.
    quote: Type.Optional(Template),
  },
  { additionalProperties: false },
)
export type MessageTemplates = Record<MessageTemplateName, string> & Partial<Record<StaffTemplateName, string>>

/** The business profile: one document, id `business`. */
export const SettingsDocument = Type.Object(
  {
    ...syncedFields,
    businessName: Type.String({ maxLength: 200 }),
    contactPhone: Type.String({ maxLength: 16 }),
    contactEmail: Type.String({ maxLength: 254 }),
    /** IANA zone the business's dates and hours are in. */
    timeZone: Type.String({ maxLength: 64 }),
    baseLocation: Type.Object(
      {
        city: Type.String({ maxLength: 100 }),
        state: Type.String({ maxLength: 2 }),
        zip: Type.String({ maxLength: 10 }),
      },
      { additionalProperties: false },
    ),
    serviceAreaMiles: Type.Integer({ minimum: 0, maximum: 1000 }),
    adultPriceCents: NonNegativeCents,
    childPriceCents: NonNegativeCents,
    /** Ages that count as a child (inclusive). */
    childAgeRange: Type.Object(
      { min: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 0 }) },
      { additionalProperties: false },
    ),
    partyMinimumCents: NonNegativeCents,
    depositCents: NonNegativeCents,
    travelFreeMiles: Type.Integer({ minimum: 0, maximum: 1000 }),
    travelCentsPerMile: NonNegativeCents,
    timeSlots: Type.Array(TimeSlot, { maxItems: 12 }),
    /** Tips on balance payments usually fall in this range, in percent of the balance. */
    tipPercentRange: Type.Object(
      { min: Type.Number({ minimum: 0 }), max: Type.Number({ minimum: 0 }) },
      { additionalProperties: false },
    ),
    escalationPhrases: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
    /**
     * Added in schema version 1. Optional so documents stored before it (on the relay, or pushed
     * by a console not yet upgraded) keep validating; readers treat a missing list as empty.
     */
    faqs: Type.Optional(Type.Array(FaqEntrySchema, { maxItems: 100 })),
    // Added in schema version 2 (optional for the same reason; readers fall back to defaults).
    /** Texts the relay sends on its own; `{name}`, `{date}`, `{link}`… are filled per booking. */
    messageTemplates: Type.Optional(MessageTemplates),
    /** No automatic texts between `start` and `end`, local time (wraps past midnight). */
    quietHours: Type.Optional(Type.Object({ start: ClockTime, end: ClockTime }, { additionalProperties: false })),
    /** Where review requests send customers. */
    reviewUrl: Type.Optional(Type.String({ maxLength: 500 })),
    // Added in schema version 3 (optional for the same reason).
    /** Parties above this many guests go to a person at once; null or absent: no limit. */
    escalateAboveGuests: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000 }))),
  },
  { additionalProperties: false },
)
export type Settings = Static<typeof SettingsDocument>

export const settingsSchema = toCollectionSchema(SettingsDocument, { version: 4 })

/** The FAQs of a settings document, including one stored before FAQs existed. */
export function faqsOf(settings: Pick<Settings, 'faqs'>): NonNullable<Settings['faqs']> {
  return settings.faqs ?? []
}

/**
 * RxDB upgrades documents stored under an older schema version with these, one step per
 * version: version 1 added `faqs`, 2 the message templates, 3 the hand-over party size, 4 the quote template.
 */
export const settingsMigrationStrategies = {
  1: (old: Record<string, unknown>): Record<string, unknown> => ({ ...old, faqs: Array.isArray(old.faqs) ? old.faqs : [] }),
  // Version 2 added message templates, quiet hours and the review link; defaults apply while absent.
  2: (old: Record<string, unknown>): Record<string, unknown> => old,
  // Version 3 added the party size above which the agent hands over to a person (none until set).
  3: (old: Record<string, unknown>): Record<string, unknown> => ({ escalateAboveGuests: null, ...old }),
  // Version 4 added the optional quote template; the default applies while absent.
  4: (old: Record<string, unknown>): Record<string, unknown> => old,
}
