/**
 * Runs the console for an ordinary browser: the same main-process services as Electron, carried
 * over the local web host. Prints the URL to open alone on its last line.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { plaidSimulatorUrl, readConsoleConfig } from '../services/console-config'
import { createConsoleServices, type ConsoleServices } from '../services/console-services'
import { MemorySecretStore } from '../services/secret-store'
import { startLinkHost } from './link-host'
import { startWebHost } from './web-host'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }

export async function serveConsoleInBrowser(env: NodeJS.ProcessEnv = process.env) {
  const config = readConsoleConfig(env)
  const rendererDir = `${root}out/renderer`
  // Plaid Link runs on an origin of its own; its one result goes to the services.
  let services: ConsoleServices | null = null
  const standIn = config.plaidLinkStandIn
  const linkHost = await startLinkHost({
    rendererDir,
    finish: (result) => services?.finishLink(result) ?? false,
    standInBase: standIn ? () => plaidSimulatorUrl(standIn.sandboxFile) : undefined,
  })
  // No OS keychain in a plain browser session: the device token lives only as long as this host.
  services = createConsoleServices(config, {
    shell: 'browser',
    version,
    secrets: new MemorySecretStore(),
    pairingFilePath: null,
    linkLauncher: linkHost.launcher,
  })
  services.start()
  const port = env.SWITCHBOARD_WEB_PORT ? Number(env.SWITCHBOARD_WEB_PORT) : 0
  const host = await startWebHost({
    services,
    rendererDir,
    port,
    logError: (message, error) => process.stderr.write(`${message}: ${String(error)}\n`),
  })
  return {
    url: host.url,
    async close() {
      await services!.stop()
      await host.close()
      await linkHost.close()
    },
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  serveConsoleInBrowser()
    .then(({ url, close }) => {
      process.stdout.write(`Switchboard console is ready. Open it in your browser:\n${url}\n`)
      const shutdown = () => void close().then(() => process.exit(0))
      process.on('SIGINT', shutdown)
      process.on('SIGTERM', shutdown)
    })
    .catch((error: Error) => {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    })
}
