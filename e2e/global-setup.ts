/**
 * Before the e2e run: bundles the relay once (scripts/build-relay.ts), so every test's relay
 * starts with plain Node instead of compiling TypeScript at each start.
 */
import { buildRelayBundle } from '../scripts/build-relay'

export default async function globalSetup(): Promise<void> {
  await buildRelayBundle()
}
