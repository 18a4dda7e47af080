import { demoBusinessProfile } from '../src/domain/business-profile'
import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'
import { createPairingCode, pairedRelayClient } from './relay-client'

type StoredPackage = { name: string; pricePerAdultCents: number; pricePerChildCents: number; validTo: string | null; _deleted: boolean }
type StoredSettings = { id: string; faqs?: { question: string; keywords: string[]; answer: string }[] }

test.describe('Offers & knowledge', () => {
  test('the owner adds a package and an FAQ answer; both reach the relay, and an expired package is labelled', async ({ page, consoleUrl, relay }) => {
    const observer = await pairedRelayClient(relay)
    await page.goto(consoleUrl)
    const shell = new ConsoleShell(page)
    await shell.pair(createPairingCode(relay, 'owner'))
    await shell.nav('Offers & knowledge').click()
    await expect(page.getByText('No packages yet')).toBeVisible()

    // A package with a mistake first: the form says what to fix.
    const form = page.getByRole('form', { name: 'Add a package' })
    await form.getByLabel('Package name').fill('Holiday Feast')
    await form.getByLabel('Price per adult ($)').fill('65.50')
    await form.getByLabel('Price per child ($)').fill('35')
    await form.getByLabel('First day').fill('2026-12-01')
    await form.getByLabel('Last day (empty: no end)').fill('2026-11-01')
    await form.getByRole('button', { name: 'Add package' }).click()
    await expect(form.getByRole('alert')).toContainText('cannot be before the first day')
    await form.getByLabel('Last day (empty: no end)').fill('2099-12-31')
    await form.getByRole('button', { name: 'Add package' }).click()
    await expect(page.getByTestId('package-Holiday Feast')).toContainText('$65.50')

    await expect
      .poll(async () => (await observer.documents<StoredPackage>('packages')).filter((p) => !p._deleted).map((p) => [p.name, p.pricePerAdultCents, p.pricePerChildCents]))
      .toEqual([['Holiday Feast', 6550, 3500]])

    // A package whose window has passed is shown, greyed and labelled as never offered.
    await form.getByLabel('Package name').fill('Summer Splash')
    await form.getByLabel('Price per adult ($)').fill('60')
    await form.getByLabel('Price per child ($)').fill('30')
    await form.getByLabel('First day').fill('2020-06-01')
    await form.getByLabel('Last day (empty: no end)').fill('2020-08-31')
    await form.getByRole('button', { name: 'Add package' }).click()
    const expired = page.getByTestId('package-Summer Splash')
    await expect(expired).toHaveAttribute('data-status', 'expired')
    await expect(expired).toContainText('Expired: never offered')
    await expect(page.getByTestId('package-Holiday Feast')).toHaveAttribute('data-status', /active|upcoming/)

    // Remove and undo.
    await expired.getByRole('button', { name: 'Remove' }).click()
    await expect(expired).toHaveCount(0)
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect(expired).toContainText('Summer Splash')

    // Answers live in the business settings: before the business is set up there is nowhere to
    // keep them (and the demo's settings are never saved in their place).
    const faqSection = page.getByRole('region', { name: 'Answers to common questions' })
    await expect(faqSection).toContainText('Set up the business first')
    await expect(page.getByRole('form', { name: 'Add an answer' })).toHaveCount(0)
    const ownBusiness = { ...demoBusinessProfile(new Date().toISOString()), businessName: 'Teppan Tom', faqs: [] }
    expect(await observer.push('settings', [{ assumedMasterState: null, newDocumentState: { ...ownBusiness, _deleted: false } }])).toEqual([])

    // An FAQ answer is saved into the business settings on the relay.
    const faqForm = page.getByRole('form', { name: 'Add an answer' })
    await faqForm.getByLabel('Question').fill('Where should the chef park?')
    await faqForm.getByLabel('Answer').fill('Anywhere close to the grill spot; a driveway is perfect.')
    await faqForm.getByLabel('Keywords (comma-separated)').fill('Parking, park')
    await faqForm.getByRole('button', { name: 'Add answer' }).click()
    await expect(page.getByTestId('faq-entry').filter({ hasText: 'Where should the chef park?' })).toContainText('Keywords: parking, park')

    await expect
      .poll(async () => {
        const [settings] = (await observer.documents<StoredSettings>('settings')).filter((s) => s.id === 'business')
        return settings?.faqs?.find((faq) => faq.question === 'Where should the chef park?') ?? null
      })
      .toEqual({ question: 'Where should the chef park?', keywords: ['parking', 'park'], answer: 'Anywhere close to the grill spot; a driveway is perfect.' })
    const [stored] = await observer.documents<StoredSettings & { businessName: string }>('settings')
    expect(stored).toMatchObject({ businessName: 'Teppan Tom', faqs: [expect.objectContaining({ question: 'Where should the chef park?' })] })
    await expect
      .poll(async () => (await observer.documents<StoredPackage>('packages')).filter((p) => !p._deleted).map((p) => p.name).sort())
      .toEqual(['Holiday Feast', 'Summer Splash'])
  })
})
