/**
 * `npm run train:agent`: trains the intent model from the corpus and writes
 * `src/domain/agent/agent-model.json`, which the rules brain loads. Deterministic: the same
 * corpus gives the same file (a test checks the committed file is up to date).
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { createZipcodesDirectory } from '../../../src/domain/geo/zipcodes-directory'
import { loadCorpus } from './corpus'
import { trainAgentModel } from './model-training'

export const modelFile = fileURLToPath(new URL('../../../src/domain/agent/agent-model.json', import.meta.url))

export function trainFromCorpus(): string {
  const settings = demoBusinessProfile('2026-01-01T00:00:00.000Z')
  const model = trainAgentModel(loadCorpus(), { timeZone: settings.timeZone, places: createZipcodesDirectory(), defaultState: settings.baseLocation.state })
  return `${JSON.stringify(roundWeights(model))}\n`
}

/** Four significant digits keep the file small and the same on every machine. */
function roundWeights<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' ? Number(item.toPrecision(4)) : item))) as T
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now()
  writeFileSync(modelFile, trainFromCorpus())
  process.stdout.write(`Wrote ${modelFile} in ${Math.round(performance.now() - started)} ms\n`)
}
