import type { Page } from '@playwright/test'

/** Selectors for the Live view (calls, transcript, suggestions, transfer, notes) and the screen pop. */
export class LiveViewPage {
  constructor(readonly page: Page) {}

  callInList(callId: string) {
    return this.page.getByTestId(`call-${callId}`)
  }

  openCall() {
    return this.page.getByTestId('live-call')
  }

  heading() {
    return this.openCall().getByRole('heading', { level: 2 })
  }

  escalation() {
    return this.page.getByTestId('escalation')
  }

  transcript() {
    return this.page.getByTestId('transcript')
  }

  /** Every line shown, interim ones included, in screen order. */
  transcriptLines() {
    return this.transcript().locator('li')
  }

  segment(id: string) {
    return this.page.getByTestId(`segment-${id}`)
  }

  suggestion(id: string) {
    return this.page.getByTestId(`suggestion-${id}`)
  }

  suggestions() {
    return this.page.locator('[data-testid^="suggestion-"]')
  }

  callerBooking(bookingId: string) {
    return this.openCall().getByTestId(`caller-booking-${bookingId}`)
  }

  transferBlocked() {
    return this.page.getByTestId('transfer-blocked')
  }

  notes() {
    return this.page.getByRole('textbox', { name: 'Notes', exact: true })
  }

  notesState() {
    return this.page.getByTestId('notes-state')
  }

  afterCallSummary() {
    return this.page.getByRole('textbox', { name: 'After-call summary', exact: true })
  }

  summaryState() {
    return this.page.getByTestId('summary-state')
  }

  screenPop() {
    return this.page.getByTestId('screen-pop')
  }
}
