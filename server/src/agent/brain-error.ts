/**
 * Why a brain could not answer. The model brain throws these; the fallback wrapper counts them by
 * `reason`. Messages name what went wrong, never what the customer or the model wrote.
 */
export const fallbackReasons = [
  /** No answer within the time budget (ours or the SDK's request timeout). */
  'timeout',
  /** The final message was not JSON. */
  'invalid_json',
  /** JSON, but not an AgentResult. */
  'schema_mismatch',
  /** The model refused, or stopped early (length, content filter). */
  'refusal',
  /** Still calling tools after the allowed rounds. */
  'tool_loop',
  /** 401/403: the key is wrong or lacks access. */
  'auth',
  /** 429. */
  'rate_limited',
  /** 5xx. */
  'server_error',
  /** Could not reach the server. */
  'connection',
  /** Another 4xx: our request was refused (unknown model, bad parameter). */
  'bad_request',
  /** Anything else. */
  'error',
] as const
export type FallbackReason = (typeof fallbackReasons)[number]

export class BrainError extends Error {
  constructor(
    readonly reason: FallbackReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'BrainError'
  }
}

/** The model's final message could not be used as an AgentResult. */
export class ModelOutputError extends BrainError {
  constructor(reason: 'invalid_json' | 'schema_mismatch' | 'refusal' | 'tool_loop', message: string) {
    super(reason, message)
    this.name = 'ModelOutputError'
  }
}
