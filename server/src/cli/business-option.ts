/**
 * The business the `match` and `agent` commands work for (architecture §7): the settings
 * document as synced, from `--settings FILE`, or without it the built-in demo business with its
 * FAQs and packages, which they say on stderr so nobody mistakes demo prices for their own.
 */
import { readFileSync } from 'node:fs'
import { Value } from 'typebox/value'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { SettingsDocument, type Package, type Settings } from '../../../src/domain/schemas'
import { demoPackages } from '../demo/seed'

export interface CommandBusiness {
  settings: Settings
  /** The demo's packages without `--settings`; none with it (packages are not part of settings). */
  packages: Package[]
  /** What to print on stderr before answering, or null. */
  notice: string | null
}

export const demoBusinessNotice = (command: string) =>
  `${command}: no --settings FILE given, so using the built-in demo business (its prices, hours, FAQs and packages).`

/** Why the `--settings` file cannot be used, in words that say what to fix. */
export class SettingsFileError extends Error {}

export function loadCommandBusiness(command: string, path: string | undefined, now: Date): CommandBusiness {
  if (path === undefined) {
    return { settings: demoBusinessProfile(now.toISOString()), packages: demoPackages(now), notice: demoBusinessNotice(command) }
  }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new SettingsFileError(`Cannot read the --settings file "${path}": ${(error as Error).message}`)
  }
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new SettingsFileError(`The --settings file "${path}" is not valid JSON: ${(error as Error).message}`)
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new SettingsFileError(`The --settings file "${path}" must hold one settings document (a JSON object), as the relay syncs it.`)
  }
  // As synced: the replication flag is not part of the document.
  const { _deleted: deleted, ...settings } = document as Record<string, unknown>
  if (deleted === true) throw new SettingsFileError(`The --settings file "${path}" holds a deleted settings document.`)
  if (!Value.Check(SettingsDocument, settings)) {
    const problems = [...Value.Errors(SettingsDocument, settings)].slice(0, 3).map((error) => `${error.instancePath || '(top level)'} ${error.message}`)
    throw new SettingsFileError(`The --settings file "${path}" is not a settings document: ${problems.join('; ')}`)
  }
  return { settings, packages: [], notice: null }
}
