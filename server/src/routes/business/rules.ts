/**
 * `GET /business/rules`: the read-only projection of the business settings every paired device
 * may read (src/domain/business-rules.ts), so a front-desk console prices and places booking
 * drafts with the real business although it may not read `settings`. `rules` is null while the
 * business is not set up. Registered inside the sync routes, so it shares their device
 * authentication and its lock-out.
 */
import { BusinessRulesResponse, businessRulesOf } from '../../../../src/domain/business-rules'
import type { RelayApp } from '../../app'
import { businessSettingsFrom } from '../../storage/business-settings'

export async function businessRulesRoutes(app: RelayApp) {
  app.get('/business/rules', { schema: { response: { 200: BusinessRulesResponse } } }, async () => {
    const settings = await businessSettingsFrom(app.storage.queries.settings)
    return { rules: settings ? businessRulesOf(settings) : null }
  })
}
