import { expect, type Page } from '@playwright/test'

/** Selectors and actions for the console's shell (sidebar, views, status bar). */
export class ConsoleShell {
  constructor(readonly page: Page) {}

  readonly viewLabels = ['Live', 'Inbox', 'Bookings', 'Customers', 'Reconciliation', 'Extensions', 'Offers & knowledge', 'Activity', 'Settings']

  nav(label: string) {
    return this.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true })
  }

  heading() {
    return this.page.getByRole('main').getByRole('heading', { level: 1 })
  }

  relayStatus() {
    return this.page.getByTestId('relay-status')
  }

  /** Pairs the console in Settings with a code from `npm run relay -- pair`. */
  async pair(code: string, name = 'Owner laptop') {
    await this.nav('Settings').click()
    await this.page.getByLabel('Pairing code').fill(code)
    await this.page.getByLabel('Name for this console').fill(name)
    await this.page.getByRole('button', { name: 'Pair', exact: true }).click()
    await expect(this.page.getByTestId('pairing-summary')).toContainText(name)
  }

  async expectRelayState(state: 'connected' | 'disconnected' | 'connecting' | 'degraded') {
    await expect(this.relayStatus()).toHaveAttribute('data-state', state)
  }
}
