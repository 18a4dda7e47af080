/**
 * The relay's start line: which providers are real, which run on the built-in sandbox, which
 * are off, and which agent brain answers. Names variables, never values.
 */
import { hasRingCentralApp, type RelayConfig } from './config'

export function describeProviders(config: RelayConfig, sandboxed: readonly string[], demo: boolean): string {
  const { ringCentral, stripe, plaid, deepgram, openai } = config.providers
  const real: string[] = []
  const sandbox: string[] = []
  const off: string[] = []

  if (sandboxed.includes('ringCentral')) sandbox.push('RingCentral')
  else if (hasRingCentralApp(ringCentral)) real.push('RingCentral')
  else real.push('RingCentral (webhooks only: no app credentials, so replies wait as drafts)')
  for (const [name, label, settings] of [
    ['stripe', 'Stripe', stripe],
    ['plaid', 'Plaid', plaid],
  ] as const) {
    if (sandboxed.includes(name)) sandbox.push(label)
    else if (settings.mode === 'live') real.push(label)
  }
  if (sandboxed.includes('deepgram')) sandbox.push('Deepgram')
  else if (deepgram.mode === 'live') real.push('Deepgram')
  else off.push('Deepgram (no DEEPGRAM_API_KEY: calls are not transcribed)')

  const brain = !openai.enabled
    ? 'the embedded rules brain (no OPENAI_API_KEY or OPENAI_BASE_URL)'
    : openai.baseUrl
      ? `an OpenAI-compatible server at OPENAI_BASE_URL${openai.apiKey ? '' : ' (no key)'}, rules brain as fallback`
      : 'OpenAI, rules brain as fallback'

  const parts = [
    `Real: ${real.length > 0 ? real.join(', ') : 'none'}.`,
    `Sandbox: ${sandbox.length > 0 ? sandbox.join(', ') : 'none'}.`,
    ...(off.length > 0 ? [`Off: ${off.join(', ')}.`] : []),
    `Agent brain: ${brain}.`,
    ...(demo ? ['Demo business: on.'] : []),
  ]
  return parts.join(' ')
}
