/**
 * `npm run scan:secrets`: secretlint over every file git would commit (tracked, plus new files
 * not ignored), with the rules in .secretlintrc.json. Exits non-zero on any finding.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && !file.endsWith('package-lock.json'))

// The package exports no bin path; resolve it from the package folder.
const cli = join(dirname(require.resolve('secretlint/package.json')), 'bin/secretlint.js')
const result = spawnSync(process.execPath, [cli, '--maskSecrets', ...files], { stdio: 'inherit' })
if (result.status === 0) process.stdout.write(`Secret scan: ${files.length} files, no findings.\n`)
process.exit(result.status ?? 1)
