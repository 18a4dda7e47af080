import { expect, type Page } from '@playwright/test'

/** Selectors and actions for the console's shell (sidebar, views, status bar). */
export class ConsoleShell {
  constructor(readonly page: Page) {}

  readonly viewLabels = ['Live', 'Inbox', 'Bookings', 'Reconciliation', 'Extensions', 'Offers & knowledge', 'Settings']

  nav(label: string) {
    return this.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true })
  }

  heading() {
    return this.page.getByRole('main').getByRole('heading', { level: 1 })
  }

  relayStatus() {
    return this.page.getByTestId('relay-status')
  }

  async expectRelayState(state: 'connected' | 'disconnected' | 'connecting' | 'degraded') {
    await expect(this.relayStatus()).toHaveAttribute('data-state', state)
  }
}
