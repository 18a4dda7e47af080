/**
 * The data folder holds customers, transcripts, texts and raw webhook bodies: only the account
 * the relay runs as may read it. Folders are 0700 and files 0600; anything found wider (a folder
 * made before this rule, a copy restored with default permissions) is narrowed at start.
 */
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const privateDirMode = 0o700
export const privateFileMode = 0o600

/** Permissions are POSIX modes; Windows keeps its ACLs (its user profile folders are private already). */
const hasPosixModes = process.platform !== 'win32'

export interface PermissionCorrection {
  /** Relative to the data folder ('.' for the folder itself). */
  path: string
  from: string
  to: string
}

/**
 * Creates `dir` (and missing parents) private to the relay's account. An existing folder is left
 * as it is: `restrictDataDir` narrows it at start, and says so in the log.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode })
}

/**
 * Creates `path` empty with mode 0600 unless it exists, so a file another library then opens
 * (SQLite, the log writer) never exists with wider permissions, not even for a moment.
 */
export function ensurePrivateFile(path: string): void {
  if (existsSync(path)) return
  try {
    closeSync(openSync(path, 'wx', privateFileMode))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

/**
 * Narrows every folder and file in the data folder (and the folder itself) that group or others
 * may use. Returns what it changed, for the caller to log.
 */
export function restrictDataDir(dataDir: string): PermissionCorrection[] {
  if (!hasPosixModes || !existsSync(dataDir)) return []
  const corrections: PermissionCorrection[] = []
  // Two levels cover what the relay writes (the database, its key, `logs/…`) without walking a
  // big tree if RELAY_DATA_DIR points somewhere unexpected.
  const visit = (path: string, relative: string, depth: number) => {
    // A link inside the folder points at someone else's file: leave it alone (the folder itself may be a link).
    const stats = depth === 0 ? statSync(path) : lstatSync(path)
    if (stats.isSymbolicLink()) return
    const wanted = stats.isDirectory() ? privateDirMode : privateFileMode
    const current = stats.mode & 0o777
    if ((current & 0o077) !== 0) {
      // Keep the owner's own bits where they are stricter than needed (a read-only key stays read-only).
      const narrowed = stats.isDirectory() ? wanted : current & 0o700
      chmodSync(path, narrowed)
      corrections.push({ path: relative, from: octal(current), to: octal(narrowed) })
    }
    if (stats.isDirectory() && depth < 2) {
      for (const entry of readdirSync(path)) visit(join(path, entry), relative === '.' ? entry : `${relative}/${entry}`, depth + 1)
    }
  }
  visit(dataDir, '.', 0)
  return corrections
}

const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`
