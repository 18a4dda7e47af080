/**
 * `npm run build:relay`: bundles the relay's command line (server/src/cli/relay.ts) into one ES
 * module, `out-relay/relay.mjs`, so the end-to-end tests start each relay with plain Node rather
 * than compiling TypeScript on every start. Packages stay in node_modules.
 *
 * Modules that find files next to themselves (`new URL('./migrations/', import.meta.url)`:
 * migrations, resources, package.json) keep finding them: in the bundle their `import.meta.url`
 * becomes their source file's address, relative to the bundle, so it runs from the repository
 * exactly like the sources do.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

const root = fileURLToPath(new URL('../', import.meta.url))
export const relayBundlePath = join(root, 'out-relay', 'relay.mjs')

function ownModuleUrls(outDir: string): Plugin {
  return {
    name: 'own-module-urls',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8')
        if (path.includes('/node_modules/') || !source.includes('import.meta.url')) return undefined
        const fromBundle = relative(outDir, path).split('\\').join('/')
        return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' }
      })
    },
  }
}

export async function buildRelayBundle(outfile = relayBundlePath): Promise<string> {
  await build({
    entryPoints: [join(root, 'server/src/cli/relay.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [ownModuleUrls(dirname(outfile))],
  })
  return outfile
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now()
  buildRelayBundle().then(
    (path) => process.stdout.write(`Relay bundle: ${relative(root, path)} (${Date.now() - started} ms)\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    },
  )
}
