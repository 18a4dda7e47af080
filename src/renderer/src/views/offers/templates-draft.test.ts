import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../../../domain/business-profile'
import { defaultMessageTemplates } from '../../../../domain/bookings/message-templates'
import { checkTemplatesDraft, draftOf, withTemplateFields } from './templates-draft'

const settings = demoBusinessProfile('2026-11-01T00:00:00.000Z')

describe('message template drafts', () => {
  it('starts from the defaults and the default quiet hours when settings have none', () => {
    const { messageTemplates: _templates, quietHours: _quiet, reviewUrl: _url, ...bare } = settings
    expect(draftOf(bare)).toEqual({ templates: defaultMessageTemplates, quietStart: '21:00', quietEnd: '08:00', reviewUrl: '' })
  })

  it('refuses unknown placeholders, naming them, and empty templates', () => {
    const draft = draftOf(settings)
    const result = checkTemplatesDraft({
      ...draft,
      templates: { ...draft.templates, confirmation: 'Hi {nmae}, see you {dte}!', reviewRequest: '   ' },
    })
    expect(result).toEqual({
      ok: false,
      errors: {
        confirmation: 'Unknown placeholders {nmae}, {dte}: use only the placeholders listed.',
        reviewRequest: 'Write the message, or restore the default.',
      },
    })
  })

  it('checks the quote text against the quote’s own placeholders', () => {
    const draft = draftOf(settings)
    const result = checkTemplatesDraft({ ...draft, templates: { ...draft.templates, quote: 'Hi {name}: {total}, balance {balance}' } })
    expect(result).toEqual({ ok: false, errors: { quote: 'Unknown placeholder {balance}: use only the placeholders listed.' } })
    const fine = checkTemplatesDraft({ ...draft, templates: { ...draft.templates, quote: ' Hi {name}: {party}, {total}. ' } })
    expect(fine.ok && fine.fields.messageTemplates.quote).toBe('Hi {name}: {party}, {total}.')
  })

  it('checks quiet hours and the review link', () => {
    const result = checkTemplatesDraft({ ...draftOf(settings), quietStart: '9pm', reviewUrl: 'http://reviews.example' })
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(['quietStart', 'reviewUrl'])
  })

  it('writes accepted fields into settings and can put back settings that had none', () => {
    const draft = draftOf(settings)
    const result = checkTemplatesDraft({ ...draft, templates: { ...draft.templates, eventReminder: ' See you {date}! ' }, reviewUrl: 'https://reviews.example/r' })
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    const saved = withTemplateFields(settings, result.fields)
    expect(saved.messageTemplates!.eventReminder).toBe('See you {date}!')
    expect(saved.reviewUrl).toBe('https://reviews.example/r')
    const restored = withTemplateFields(saved, { messageTemplates: undefined, quietHours: undefined, reviewUrl: undefined })
    expect('messageTemplates' in restored || 'quietHours' in restored || 'reviewUrl' in restored).toBe(false)
    expect(restored.businessName).toBe(settings.businessName)
  })
})
