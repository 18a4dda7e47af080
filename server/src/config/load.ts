import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'dotenv'
import { parseRelayConfig, type RelayConfig } from './config'

/**
 * Reads `.env` from the working directory (if present) beneath the real environment: a variable
 * set in the environment always wins over the file.
 */
export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): RelayConfig {
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {}
  return parseRelayConfig({ ...fromFile, ...env })
}
