import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

const testFiles = ['src/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts']

/** The relay's integration tests: every test file that starts a relay through the test harness or `buildTestRelay`. */
function relayHarnessTests(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : relayHarnessTests(path)
    return entry.name.endsWith('.test.ts') && /startRelayHarness\(|buildTestRelay\(/.test(readFileSync(path, 'utf8')) ? [path] : []
  })
}

// The relay's integration tests run a second time on PostgreSQL when a test database is given
// (CI requires one: REQUIRE_POSTGRES=1); the storage contract suite picks its engines itself.
const onPostgres = Boolean(process.env.SWITCHBOARD_TEST_DATABASE_URL) || process.env.REQUIRE_POSTGRES === '1'
if (!onPostgres) console.warn('The relay integration tests run on SQLite only: SWITCHBOARD_TEST_DATABASE_URL is not set.')

export default defineConfig({
  test: {
    environment: 'node',
    // Every relay log written during the run is scanned for personal data and secrets at the end.
    globalSetup: ['server/src/logging/leak-scan-setup.ts'],
    // Relay tests open SQLite files and spawn the CLI; keep them from starving the 2-core CI box.
    maxWorkers: 2,
    testTimeout: 20_000,
    projects: [
      // The whole suite, its relays on SQLite whatever the shell exports.
      { extends: true, test: { name: 'tests', include: testFiles, env: { RELAY_TEST_ENGINE: 'sqlite' } } },
      ...(onPostgres
        ? [{ extends: true as const, test: { name: 'relay on postgres', include: [...relayHarnessTests('server'), ...relayHarnessTests('src')], env: { RELAY_TEST_ENGINE: 'postgres' } } }]
        : []),
    ],
  },
})
