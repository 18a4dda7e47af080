/**
 * Builds the relay's SMS conversation loop from its configuration: the RingCentral sender when
 * app credentials are configured, and the embedded rules brain.
 */
import type { Settings } from '../../../src/domain/schemas'
import type { RelayConfig } from '../config/config'
import { subsystemLogger, type Logger } from '../logging/logger'
import { RingCentralSmsSender } from '../providers/ringcentral/sms-sender'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore } from '../storage/document-store'
import { ConversationService } from './conversation-service'
import { CustomerDirectory } from './customer-directory'

export { ConversationService } from './conversation-service'

export interface ConversationServiceDependencies {
  db: RelayDatabase
  documents: DocumentStore
  config: RelayConfig
  logger: Logger
  now?: () => Date
}

export function createConversationService({ db, documents, config, logger, now }: ConversationServiceDependencies): ConversationService {
  const { serverUrl, clientId, clientSecret, jwt } = config.providers.ringCentral
  const customers = new CustomerDirectory(db, documents, now ?? (() => new Date()))
  const sender =
    serverUrl && clientId && jwt
      ? new RingCentralSmsSender({ settings: { serverUrl, clientId, clientSecret, jwt }, isOptedOut: (phone) => customers.isOptedOut(phone) })
      : null
  return new ConversationService({ db, documents, sender, loadBrain: loadRulesBrain, logger: subsystemLogger(logger, 'conversations'), now })
}

let modules: Promise<[typeof import('../../../src/domain/agent/rules-brain'), typeof import('../../../src/domain/geo/distance-estimator'), ReturnType<typeof import('../../../src/domain/geo/zipcodes-directory').createZipcodesDirectory>]> | null = null

/** The embedded rules brain, distances measured from the business's base in its settings. */
async function loadRulesBrain(settings: Settings) {
  // The ZIP directory is large: loaded once, on the first text.
  modules ??= Promise.all([
    import('../../../src/domain/agent/rules-brain'),
    import('../../../src/domain/geo/distance-estimator'),
    import('../../../src/domain/geo/zipcodes-directory'),
  ]).then(([brain, distance, zipcodes]) => [brain, distance, zipcodes.createZipcodesDirectory()])
  const [{ createRulesBrain }, { createCentroidDistanceEstimator }, places] = await modules
  return createRulesBrain({ distance: createCentroidDistanceEstimator(places, settings.baseLocation), places })
}
