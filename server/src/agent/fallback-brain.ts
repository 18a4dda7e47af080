/**
 * A model brain with a safety net: when the primary fails, takes too long or answers something
 * that is not an AgentResult, the fallback (the embedded rules brain) answers instead, so a
 * customer always gets a reply. Each fallback is counted by reason and reported to `onFallback`.
 */
import { Compile } from 'typebox/compile'
import type { AgentBrain, AgentInput } from '../../../src/domain/agent/agent-brain'
import { AgentResult } from '../../../src/domain/agent/agent-result'
import { BrainError, fallbackReasons, type FallbackReason } from './brain-error'
import type { RespondOptions } from './openai-brain'

export const defaultFallbackTimeoutMs = 8_000

/** Any brain; one that accepts a signal has its request cancelled when the wait times out. */
export interface CancellableBrain extends AgentBrain {
  respond(input: AgentInput, options?: RespondOptions): Promise<AgentResult>
}

export interface FallbackDetails {
  /** The brain that failed. */
  primary: string
  elapsedMs: number
  /** The error's class name (never its message, which may quote a key or customer text). */
  errorName: string | null
}

export interface FallbackOptions {
  timeoutMs?: number
  onFallback?: (reason: FallbackReason, details: FallbackDetails) => void
}

export interface FallbackStats {
  primaryAnswers: number
  fallbacks: Record<FallbackReason, number>
}

export interface BrainWithFallback extends AgentBrain {
  stats(): FallbackStats
}

const agentResultChecker = Compile(AgentResult)

export function withFallback(primary: CancellableBrain, fallback: AgentBrain, options: FallbackOptions = {}): BrainWithFallback {
  const timeoutMs = options.timeoutMs ?? defaultFallbackTimeoutMs
  const counts: FallbackStats = {
    primaryAnswers: 0,
    fallbacks: Object.fromEntries(fallbackReasons.map((reason) => [reason, 0])) as Record<FallbackReason, number>,
  }

  return {
    name: `${primary.name}+${fallback.name}`,
    async respond(input) {
      const started = performance.now()
      const outcome = await tryPrimary(primary, input, timeoutMs)
      if (outcome.ok) {
        counts.primaryAnswers += 1
        return outcome.result
      }
      counts.fallbacks[outcome.reason] += 1
      options.onFallback?.(outcome.reason, {
        primary: primary.name,
        elapsedMs: Math.round(performance.now() - started),
        errorName: outcome.error instanceof Error ? outcome.error.name : null,
      })
      return fallback.respond(input)
    },
    stats: () => ({ primaryAnswers: counts.primaryAnswers, fallbacks: { ...counts.fallbacks } }),
  }
}

type Outcome = { ok: true; result: AgentResult } | { ok: false; reason: FallbackReason; error: unknown }

async function tryPrimary(primary: CancellableBrain, input: AgentInput, timeoutMs: number): Promise<Outcome> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => {
      // Cancels the primary's HTTP request so it does not keep running after we stopped waiting.
      controller.abort()
      resolve({ ok: false, reason: 'timeout', error: null })
    }, timeoutMs)
  })
  const answered = primary.respond(input, { signal: controller.signal }).then(
    (result): Outcome =>
      agentResultChecker.Check(result)
        ? { ok: true, result }
        : { ok: false, reason: 'schema_mismatch', error: new BrainError('schema_mismatch', `${primary.name} returned an invalid AgentResult.`) },
    (error: unknown): Outcome => ({ ok: false, reason: error instanceof BrainError ? error.reason : 'error', error }),
  )
  try {
    return await Promise.race([answered, timedOut])
  } finally {
    clearTimeout(timer)
  }
}
