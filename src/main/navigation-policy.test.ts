import { describe, expect, it } from 'vitest'
import { isConsoleUrl, isExternalLinkAllowed } from './navigation-policy'

const built = { indexFileUrl: 'file:///opt/Switchboard/resources/app.asar/out/renderer/index.html' }
const dev = { devServerUrl: 'http://localhost:5173/', indexFileUrl: built.indexFileUrl }

describe('navigation policy', () => {
  it('allows only the console itself', () => {
    expect(isConsoleUrl(`${built.indexFileUrl}#/settings`, built)).toBe(true)
    expect(isConsoleUrl('file:///etc/passwd', built)).toBe(false)
    expect(isConsoleUrl('https://example.com/', built)).toBe(false)
    expect(isConsoleUrl('not a url', built)).toBe(false)
    expect(isConsoleUrl('http://localhost:5173/#/live', dev)).toBe(true)
    expect(isConsoleUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isConsoleUrl(built.indexFileUrl, dev)).toBe(false)
  })

  it('opens only plain https links externally', () => {
    expect(isExternalLinkAllowed('https://checkout.stripe.com/pay/cs_test_1')).toBe(true)
    expect(isExternalLinkAllowed('http://example.com')).toBe(false)
    expect(isExternalLinkAllowed('file:///C:/Windows/system32/calc.exe')).toBe(false)
    expect(isExternalLinkAllowed('ms-msdt:/id PCWDiagnostic')).toBe(false)
    expect(isExternalLinkAllowed('https://user:pass@example.com')).toBe(false)
  })
})
