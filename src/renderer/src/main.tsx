import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { useBusinessRulesStore } from './stores/business-rules-store'
import { useConnectionStore } from './stores/connection-store'
import { useSyncStore } from './stores/sync-store'
import './styles.css'

// Ask main who this console is and follow the relay now, while React draws the first view, not
// after it (effects run once the first paint is done): the store opens and the pull starts sooner.
// For the console's lifetime, so never undone.
useConnectionStore.getState().connect()
useSyncStore.getState().connect()
useBusinessRulesStore.getState().connect()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
