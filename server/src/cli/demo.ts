/**
 * `npm run demo -- --scenario NAME`: replays a scenario from resources/scenarios/ against the
 * relay started by `npm start` (or `RELAY_DEMO=1 npm run relay`) on its built-in sandbox.
 */
import { readdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { playScenario, readSandboxAddresses, scenariosDir } from '../demo/scenario-player'

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { scenario: { type: 'string', default: 'everything' }, list: { type: 'boolean' } } })
  if (values.list) {
    for (const file of readdirSync(scenariosDir).filter((f) => f.endsWith('.json'))) process.stdout.write(`${file.slice(0, -5)}\n`)
    return 0
  }
  const dataDir = process.env.RELAY_DATA_DIR ?? './data'
  const sandbox = readSandboxAddresses(dataDir)
  if (!sandbox) {
    process.stderr.write(
      `No demo relay found (no ${dataDir}/sandbox.json). Start one with "npm start", or "RELAY_DEMO=1 npm run relay"; ` +
        'a relay with real provider credentials does not play scenarios.\n',
    )
    return 1
  }
  await playScenario(values.scenario!, sandbox, (line) => process.stdout.write(`${line}\n`))
  process.stdout.write(`Scenario "${values.scenario}" played.\n`)
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`)
    process.exit(1)
  },
)
