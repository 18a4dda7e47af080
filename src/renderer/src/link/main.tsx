/**
 * The Plaid Link page: its own entry, window and origin, apart from the console (SECURITY.md,
 * "Plaid Link"). It knows its session and link token from the URL fragment and can only report
 * how Link ended: through its window's preload in Electron, or once to its own host in a browser.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { LinkPage } from './LinkPage'
import './link.css'

const root = document.getElementById('root')
if (!root) throw new Error('link.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <LinkPage fragment={window.location.hash.replace(/^#/, '')} />
  </StrictMode>,
)
