/**
 * Another process on the same SQLite file, as a `pair` command or a second relay would be: it
 * takes the write lock, runs `statements`, holds the lock `holdMs`, then commits. Resolves once
 * it holds the lock; `exited` gives its exit code. Used by tests only.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

export async function holdWriteLockElsewhere(file: string, statements: string, holdMs = 300): Promise<{ exited: Promise<number | null> }> {
  const script = `const db = new (require(${JSON.stringify(require.resolve('better-sqlite3'))}))(process.argv[1])
    db.pragma('busy_timeout = 5000')
    db.exec('BEGIN IMMEDIATE'); db.exec(${JSON.stringify(statements)})
    process.stdout.write('locked\\n')
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs})
    db.exec('COMMIT')`
  const other = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<number | null>((resolve) => other.once('exit', resolve))
  await new Promise<void>((resolve, reject) => {
    other.stdout!.once('data', () => resolve())
    other.once('exit', (code) => reject(new Error(`the lock holder stopped before it held the lock (${code})`)))
  })
  return { exited }
}
