/**
 * The Plaid Link window's preload: it exposes one function, "Link finished with this result",
 * and nothing of the console's IPC contract. Main accepts the message only from the Link window
 * it opened, once per session, after validating it.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { linkResultChannel, type PlaidLinkHostApi } from '../shared/plaid-link-contract'

const host: PlaidLinkHostApi = {
  finish(result) {
    ipcRenderer.send(linkResultChannel, result)
  },
}

contextBridge.exposeInMainWorld('plaidLinkHost', host)
