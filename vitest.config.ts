import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Every relay log written during the run is scanned for personal data and secrets at the end.
    globalSetup: ['server/src/logging/leak-scan-setup.ts'],
    // Relay tests open SQLite files and spawn the CLI; keep them from starving the 2-core CI box.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
})
