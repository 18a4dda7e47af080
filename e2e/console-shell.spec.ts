import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'

test.describe('console shell in Chromium', () => {
  test('shows every view with an empty state that says what will appear there', async ({ page, consoleUrl }) => {
    const shell = new ConsoleShell(page)
    await page.goto(consoleUrl)
    await expect(shell.heading()).toHaveText('Live')
    await expect(page.getByText('No calls right now')).toBeVisible()

    for (const label of shell.viewLabels) {
      await shell.nav(label).click()
      await expect(shell.heading()).toHaveText(label)
      await expect(shell.nav(label)).toHaveAttribute('aria-current', 'page')
      if (label === 'Settings') {
        // Unpaired, Settings opens on pairing instead of an empty state.
        await expect(page.getByRole('heading', { name: 'Pair with the relay' })).toBeVisible()
      } else {
        await expect(page.getByRole('main').getByRole('status')).toContainText(/\w+/)
      }
    }
    // Each view says its own thing: the Live view's text is not left behind on another view.
    await shell.nav('Live').click()
    const liveText = await page.getByRole('main').getByRole('status').innerText()
    await shell.nav('Bookings').click()
    await expect(page.getByRole('main')).not.toContainText(liveText)
  })

  test('switches views with Ctrl+number and keeps the view across a reload', async ({ page, consoleUrl }) => {
    const shell = new ConsoleShell(page)
    await page.goto(consoleUrl)
    await expect(shell.heading()).toHaveText('Live')
    await page.keyboard.press('Control+4')
    await expect(shell.heading()).toHaveText('Customers')
    await page.keyboard.press('Control+5')
    await expect(shell.heading()).toHaveText('Reconciliation')
    await page.keyboard.press('Control+8')
    await expect(shell.heading()).toHaveText('Activity')
    await page.keyboard.press('Control+9')
    await expect(shell.heading()).toHaveText('Settings')
    await page.reload()
    await expect(shell.heading()).toHaveText('Settings')
  })

  test('shows the relay connected, then unreachable when it stops, then connected again', async ({
    page,
    consoleUrl,
    relay,
  }) => {
    const shell = new ConsoleShell(page)
    await page.goto(consoleUrl)
    await shell.expectRelayState('connected')
    await expect(shell.relayStatus()).toContainText('Relay connected')

    await relay.stop()
    await shell.expectRelayState('disconnected')
    await expect(shell.relayStatus()).toContainText('Relay unreachable')
    await expect(shell.relayStatus()).toContainText(`Nothing is listening at ${relay.url}`)
    await expect(shell.relayStatus().getByRole('button', { name: 'Retry' })).toBeVisible()

    await relay.restart()
    await shell.expectRelayState('connected')
  })

  test('runs under a CSP that blocks inline script and eval', async ({ page, consoleUrl }) => {
    const consoleViolations: string[] = []
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) consoleViolations.push(message.text())
    })
    await page.goto(consoleUrl)
    await expect(new ConsoleShell(page).heading()).toHaveText('Live')
    // The console itself needs nothing the policy forbids.
    expect(consoleViolations).toEqual([])

    // DevTools-initiated evaluation is exempt from CSP, so the attempts run from a page task.
    const outcome = await page.evaluate(
      () =>
        new Promise<{ eval: string; inline: string; violations: string[] }>((resolve) => {
          const violations: string[] = []
          document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective))
          setTimeout(() => {
            let evalOutcome = 'ran'
            try {
              // eslint-disable-next-line no-eval
              eval('1 + 1')
            } catch {
              evalOutcome = 'blocked'
            }
            const script = document.createElement('script')
            script.textContent = 'window.__inlineScriptRan = true'
            document.head.appendChild(script)
            setTimeout(() => {
              const inline = (window as unknown as Record<string, unknown>).__inlineScriptRan ? 'ran' : 'blocked'
              resolve({ eval: evalOutcome, inline, violations: [...new Set(violations)].sort() })
            }, 200)
          }, 0)
        }),
    )
    expect(outcome).toEqual({ eval: 'blocked', inline: 'blocked', violations: ['script-src', 'script-src-elem'] })
  })
})
