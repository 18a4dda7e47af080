/**
 * Builds the console's main-process services and the handlers the IPC contract calls.
 * Both the Electron main process and the browser web host start the console through this,
 * so everything but the Electron glue is exercised in Node tests and the browser e2e run.
 */
import type { IpcHandlers } from '../ipc/dispatcher'
import { EventHub } from '../ipc/event-hub'
import type { ConsoleConfig } from './console-config'
import { RelayMonitor } from './relay-monitor'

export interface ConsoleServices {
  handlers: IpcHandlers
  events: EventHub
  start(): void
  stop(): void
}

export function createConsoleServices(
  config: ConsoleConfig,
  shell: 'electron' | 'browser',
  version: string,
): ConsoleServices {
  const events = new EventHub()
  const relay = new RelayMonitor({ relayUrl: config.relayUrl, intervalMs: config.relayPollMs })
  relay.onChange((status) => events.emit('relay:status', status))

  const handlers: IpcHandlers = {
    'app:getInfo': () => ({ version, shell, demoMode: config.demoMode }),
    'relay:getStatus': () => relay.getStatus(),
    'relay:checkNow': () => relay.checkNow(),
  }

  return {
    handlers,
    events,
    start: () => relay.start(),
    stop: () => relay.stop(),
  }
}
