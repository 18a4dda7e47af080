/**
 * "Finish setting up the business" is resolved by whichever relay hears that the owner saved the
 * settings, also when the settings were pushed through another relay on the same database.
 */
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { NeedsAttention } from '../../src/domain/schemas'
import { resolveSetupReminderWhenSetUp, setupReminder, setupReminderId } from '../src/business/setup-reminder'
import { storageEngines } from '../src/storage/testing/storage-engines'

const noon = new Date('2026-03-02T20:00:00.000Z')
const now = () => noon

describe.each(storageEngines)('the setup reminder with two relays on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('is resolved by relay A when the owner saves the settings through relay B', async () => {
    const { mine, theirs, close } = await engine.open(now)
    const stopFollowing = mine.documents.followExternalWrites()
    const stopResolving = resolveSetupReminderWhenSetUp(mine.documents, now)
    try {
      await theirs.documents.put('needsAttention', setupReminder(noon, 'A customer texted and is waiting for an answer.'))
      // Another change first: only the business settings resolve it.
      await theirs.documents.put('customers', { id: 'cus_1', name: 'Ana', phone: null, email: null, notes: '', smsOptOut: false, createdAt: noon.toISOString() })
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(await mine.queries.needsAttention.live(setupReminderId)).toMatchObject({ status: 'open' })

      await theirs.documents.put('settings', demoBusinessProfile(noon.toISOString()))
      const deadline = Date.now() + 5_000
      let reminder: NeedsAttention | null = null
      while (Date.now() < deadline) {
        reminder = await theirs.queries.needsAttention.live(setupReminderId)
        if (reminder?.status !== 'open') break
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      expect(reminder).toMatchObject({ status: 'dismissed', resolvedBy: 'relay: the business is set up', resolvedAt: noon.toISOString() })
    } finally {
      stopResolving()
      stopFollowing()
      await close()
    }
  })
})
