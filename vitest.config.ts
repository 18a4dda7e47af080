import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'server/**/*.test.ts'],
    environment: 'node',
    // Relay tests open SQLite files and spawn the CLI; keep them from starving the 2-core CI box.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
})
