/**
 * Chooses the agent brain from configuration (architecture §5): without OPENAI_API_KEY or
 * OPENAI_BASE_URL the embedded rules brain answers; with either, the OpenAI brain answers with
 * the rules brain as its fallback. OPENAI_BASE_URL points the SDK at any OpenAI-compatible server
 * (a local model server, which usually needs no key, or the sandbox simulator).
 */
import type { Logger } from 'pino'
import type { AgentBrain } from '../../../src/domain/agent/agent-brain'
import type { Settings } from '../../../src/domain/schemas/settings'
import { parseRelayConfig, type RelayConfig } from '../config/config'
import { subsystemLogger } from '../logging/logger'

export type OpenAiConfig = RelayConfig['providers']['openai']

export const defaultOpenAiModel = 'gpt-4o-mini'

export interface BrainChoiceOptions {
  openai: OpenAiConfig
  baseLocation: Settings['baseLocation']
  /** Fallbacks are logged here (reason and timing only); without a logger they are only counted. */
  logger?: Logger
  /** The whole answer's budget before the rules brain takes over. */
  fallbackTimeoutMs?: number
  /** One HTTP request's timeout inside the SDK. */
  requestTimeoutMs?: number
  /** SDK retries per request; kept small because the fallback is waiting. */
  maxRetries?: number
}

/** Reads only the OPENAI_* variables, with the relay's validation and messages. */
export function openAiConfigFromEnv(env: Record<string, string | undefined>): OpenAiConfig {
  return parseRelayConfig({
    OPENAI_API_KEY: env.OPENAI_API_KEY,
    OPENAI_BASE_URL: env.OPENAI_BASE_URL,
    OPENAI_MODEL: env.OPENAI_MODEL,
  }).providers.openai
}

export async function createAgentBrain(options: BrainChoiceOptions): Promise<AgentBrain> {
  // Loaded on demand: the ZIP data is megabytes and the SDK is only needed with a key.
  const [{ createRulesBrain }, { createCentroidDistanceEstimator }, { createZipcodesDirectory }] = await Promise.all([
    import('../../../src/domain/agent/rules-brain'),
    import('../../../src/domain/geo/distance-estimator'),
    import('../../../src/domain/geo/zipcodes-directory'),
  ])
  const places = createZipcodesDirectory()
  const distance = createCentroidDistanceEstimator(places, options.baseLocation)
  const rulesBrain = createRulesBrain({ distance, places })
  const { apiKey } = options.openai
  if (!options.openai.enabled) return rulesBrain

  const [{ default: OpenAI }, { createOpenAiBrain }, { withFallback }] = await Promise.all([
    import('openai'),
    import('./openai-brain'),
    import('./fallback-brain'),
  ])
  const client = new OpenAI({
    // The SDK insists on a key; without one (a local model server) no Authorization header is sent.
    apiKey: apiKey ?? 'none',
    ...(apiKey === undefined ? { defaultHeaders: { Authorization: null } } : {}),
    // undefined keeps the SDK's default (api.openai.com); OPENAI_BASE_URL must include /v1.
    baseURL: options.openai.baseUrl,
    maxRetries: options.maxRetries ?? 1,
    timeout: options.requestTimeoutMs ?? 7_000,
  })
  const openAiBrain = createOpenAiBrain({ client, model: options.openai.model ?? defaultOpenAiModel, tools: { distance } })
  const log = options.logger === undefined ? null : subsystemLogger(options.logger, 'agent')
  return withFallback(openAiBrain, rulesBrain, {
    timeoutMs: options.fallbackTimeoutMs,
    // Reason and timing only: never the customer's message or the model's words.
    onFallback: (reason, details) => log?.warn({ reason, ...details }, 'model brain failed; the rules brain answered'),
  })
}

/**
 * A brain per business base location, built on first use and kept: the ZIP directory behind
 * distance estimates is large, and settings rarely move the base.
 */
export function agentBrainPerLocation(openai: OpenAiConfig, logger?: Logger): (settings: Pick<Settings, 'baseLocation'>) => Promise<AgentBrain> {
  const brains = new Map<string, Promise<AgentBrain>>()
  return (settings) => {
    const key = JSON.stringify(settings.baseLocation)
    let brain = brains.get(key)
    if (!brain) {
      brain = createAgentBrain({ openai, baseLocation: settings.baseLocation, logger })
      brains.set(key, brain)
    }
    return brain
  }
}
