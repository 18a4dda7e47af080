/** The renderer's one door to the main process: Electron's preload, or the browser transport. */
import type { SwitchboardApi } from '../../../shared/ipc-contract'
import { createHttpBridge } from './http-bridge'

export const api: SwitchboardApi = window.api ?? createHttpBridge()
