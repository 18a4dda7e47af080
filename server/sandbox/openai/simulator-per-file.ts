/**
 * For test files that talk to the OpenAI simulator: one simulator per file, its script and
 * recorded requests cleared before each test. Read `.simulator` and `.control` inside tests.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { openAiSimulatorControl, startOpenAiSimulator, type OpenAiSimulator } from './openai-simulator'

export function openAiSimulatorPerFile() {
  const state = {} as { simulator: OpenAiSimulator; control: ReturnType<typeof openAiSimulatorControl> }
  beforeAll(async () => {
    state.simulator = await startOpenAiSimulator()
    state.control = openAiSimulatorControl(state.simulator.url)
  })
  afterAll(() => state.simulator.close())
  beforeEach(() => state.control.reset())
  return state
}
