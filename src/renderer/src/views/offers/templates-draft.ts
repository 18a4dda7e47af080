/**
 * The owner's draft of the texts to customers (the automatic ones and the quote staff send),
 * quiet hours and review link: checked before saving (unknown placeholders refused, with the
 * template named) and written back into settings.
 */
import { defaultQuietHours } from '../../../../domain/bookings/message-schedule'
import { defaultMessageTemplates, validateTemplate } from '../../../../domain/bookings/message-templates'
import { editableTemplateNames, type EditableTemplateName, type MessageTemplates, type Settings } from '../../../../domain/schemas'

export type TemplateFields = Pick<Settings, 'messageTemplates' | 'quietHours' | 'reviewUrl'>

export interface TemplatesDraft {
  templates: Required<MessageTemplates>
  quietStart: string
  quietEnd: string
  reviewUrl: string
}

export type DraftErrors = Partial<Record<EditableTemplateName | 'quietStart' | 'quietEnd' | 'reviewUrl', string>>

export function draftOf(settings: Settings): TemplatesDraft {
  const quiet = settings.quietHours ?? defaultQuietHours
  return {
    templates: { ...defaultMessageTemplates, ...settings.messageTemplates },
    quietStart: quiet.start,
    quietEnd: quiet.end,
    reviewUrl: settings.reviewUrl ?? '',
  }
}

/** Checks the draft; every problem names the template or field and what to do. */
export function checkTemplatesDraft(draft: TemplatesDraft): { ok: true; fields: Required<TemplateFields> } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {}
  for (const name of editableTemplateNames) {
    const text = draft.templates[name].trim()
    if (text === '') errors[name] = 'Write the message, or restore the default.'
    else if (text.length > 1000) errors[name] = `Keep it under 1,000 characters; it has ${text.length}.`
    else {
      const unknown = validateTemplate(text, name).unknownPlaceholders
      if (unknown.length > 0) {
        errors[name] = `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((each) => `{${each}}`).join(', ')}: use only the placeholders listed.`
      }
    }
  }
  const clock = /^([01]\d|2[0-3]):[0-5]\d$/
  if (!clock.test(draft.quietStart)) errors.quietStart = 'Enter when quiet hours start, like 21:00.'
  if (!clock.test(draft.quietEnd)) errors.quietEnd = 'Enter when quiet hours end, like 08:00.'
  const reviewUrl = draft.reviewUrl.trim()
  if (reviewUrl !== '' && !isWebAddress(reviewUrl)) errors.reviewUrl = 'Enter the full address, starting with https://.'
  else if (reviewUrl.length > 500) errors.reviewUrl = 'Keep the address under 500 characters.'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const templates = Object.fromEntries(editableTemplateNames.map((name) => [name, draft.templates[name].trim()])) as Required<MessageTemplates>
  return { ok: true, fields: { messageTemplates: templates, quietHours: { start: draft.quietStart, end: draft.quietEnd }, reviewUrl } }
}

function isWebAddress(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}

/** Settings with the template fields replaced; absent ones (before the first save) stay absent. */
export function withTemplateFields(settings: Settings, fields: TemplateFields): Settings {
  const next: Settings = { ...settings }
  delete next.messageTemplates
  delete next.quietHours
  delete next.reviewUrl
  if (fields.messageTemplates) next.messageTemplates = fields.messageTemplates
  if (fields.quietHours) next.quietHours = fields.quietHours
  if (fields.reviewUrl !== undefined) next.reviewUrl = fields.reviewUrl
  return next
}

