import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'dotenv'
import { parseRelayConfig, type RelayConfig } from './config'

/**
 * The relay's environment: `.env` from the working directory (if present) beneath the real
 * environment, so a variable set in the environment always wins over the file.
 */
export function readRelayEnv(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {}
  return { ...fromFile, ...env }
}

export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): RelayConfig {
  return parseRelayConfig(readRelayEnv(env, envFile))
}
