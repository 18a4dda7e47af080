/**
 * `relay.pid` in the data folder says a relay is serving this database. `restore` refuses while
 * the process it names is alive; a file left by a killed relay names a dead process and is ignored.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { privateFileMode } from './private-files'

const lockFileName = 'relay.pid'

export function relayLockPath(dataDir: string): string {
  return join(dataDir, lockFileName)
}

/** Records this process as the relay serving `dataDir`; returns the release function. */
export function holdRelayLock(dataDir: string, pid = process.pid): () => void {
  const path = relayLockPath(dataDir)
  writeFileSync(path, `${pid}\n`, { mode: privateFileMode })
  return () => {
    // Only our own file: a relay started after us in the same folder keeps its lock.
    if (runningRelayPid(dataDir) === pid) rmSync(path, { force: true })
  }
}

/** The id of the live relay process serving `dataDir`, or null. */
export function runningRelayPid(dataDir: string): number | null {
  let text: string
  try {
    text = readFileSync(relayLockPath(dataDir), 'utf8')
  } catch {
    return null
  }
  const pid = Number(text.trim())
  if (!Number.isInteger(pid) || pid <= 0) return null
  return isAlive(pid) ? pid : null
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — still a running relay.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
