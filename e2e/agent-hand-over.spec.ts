/**
 * The agent's two kinds of hand-over, end to end: texts arrive through the RingCentral sandbox at
 * a real relay running the demo business. A plain inquiry is answered with no alert; a reschedule
 * is answered and leaves a follow-up in the Inbox, with no alert; a complaint is escalated: a
 * draft waits for a person and the primary extension's owner (Kenji, +15105550111) gets an alert.
 */
import { sandboxControl } from '../server/sandbox/control-client'
import type { SentSms } from '../server/sandbox/ringcentral/ringcentral-simulator'
import { readSandboxAddresses } from '../server/src/demo/scenario-player'
import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'

test.use({ relayEnv: { RELAY_DEMO: '1' }, autoPairOwner: true })

const kenjiAlertPhone = '+15105550111'

test('a plain inquiry is answered with no alert, a reschedule leaves a follow-up, a complaint is escalated with an alert', async ({ page, consoleUrl, relay }) => {
  test.setTimeout(120_000)
  const sandbox = readSandboxAddresses(relay.dataDir)
  expect(sandbox, 'the demo relay publishes its sandbox addresses').not.toBeNull()
  const control = sandboxControl(sandbox!.urls)
  const sent = async () => ((await (await fetch(`${sandbox!.urls.ringcentral}/__sim/ringcentral/sent-sms`)).json()) as { records: SentSms[] }).records
  const textsTo = async (phone: string) => (await sent()).filter((sms) => sms.to.includes(phone)).map((sms) => sms.text)

  const shell = new ConsoleShell(page)
  await page.goto(consoleUrl)
  await shell.nav('Inbox').click()

  // 1. A plain inquiry: answered at once with the quote; nobody is alerted, nobody needs to act.
  await control.ringcentral.inboundSms({ from: '+14085550123', text: 'Hi! How much would a hibachi party for 30 adults in Fremont cost next Saturday?' })
  await expect.poll(() => textsTo('+14085550123'), { timeout: 20_000 }).toEqual([expect.stringContaining('$1,650')])
  const inquiry = page.getByTestId('thread-conv-14085550123')
  await expect(inquiry).toBeVisible({ timeout: 20_000 })
  await inquiry.click()
  await expect(page.locator('.message-agent').filter({ hasText: '$1,650' })).toHaveAttribute('data-status', 'sent')
  await expect(inquiry).not.toContainText('Needs a person')
  expect(await textsTo(kenjiAlertPhone)).toEqual([])

  // 2. A reschedule: answered with the policy, and a follow-up for staff — still no alert.
  await control.ringcentral.inboundSms({ from: '+14085550124', text: 'Something came up, can we move our party to a different date?' })
  await expect.poll(() => textsTo('+14085550124'), { timeout: 20_000 }).toEqual([expect.stringMatching(/move your booking/)])
  const followUps = page.getByRole('region', { name: 'Follow-ups' })
  await expect(followUps).toContainText('Follow up: Reschedule request', { timeout: 20_000 })
  await expect(page.getByTestId('thread-conv-14085550124')).toContainText('Follow up')
  expect(await textsTo(kenjiAlertPhone)).toEqual([])
  await followUps.getByRole('button', { name: 'Done' }).click()
  await expect(followUps).toHaveCount(0)

  // 3. A complaint: a person must act now — the reply waits as a draft and Kenji is alerted.
  await control.ringcentral.inboundSms({ from: '+14085550125', text: 'The chef showed up an hour late and the food was cold. Really disappointed.' })
  await expect.poll(() => textsTo(kenjiAlertPhone), { timeout: 20_000 }).toEqual([expect.stringMatching(/needs a person \(Complaint/)])
  expect(await textsTo('+14085550125')).toEqual([])
  const complaint = page.getByTestId('thread-conv-14085550125')
  await expect(complaint).toContainText('Needs a person', { timeout: 20_000 })
  await complaint.click()
  await expect(page.getByRole('note')).toContainText('Escalated to Kenji Sato (ext. 101)')
  await expect(page.getByRole('note')).toContainText('Alert texted to Kenji Sato')
  await expect(page.locator('.message-draft')).toBeVisible()
})
