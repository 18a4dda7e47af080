import fc from 'fast-check'
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
    expect(isExternalLinkAllowed('https://user:pass@example.com')).toBe(false) // secretlint-disable-line -- not a credential: proves links with one are refused
  })
})

describe('navigation policy over generated URLs', () => {
  const scheme = fc.constantFrom('http', 'https', 'file', 'javascript', 'data', 'ms-msdt', 'smb', 'chrome', 'devtools')
  const host = fc.constantFrom('localhost:5173', 'localhost:5174', 'evil.example', '127.0.0.1:5173', 'localhost.evil.example', '')
  const path = fc.webPath()
  const url = fc.tuple(scheme, host, path, fc.webFragments()).map(([s, h, p, f]) => `${s}://${h}${p}#${f}`)

  it('never lets a window leave the console, whatever the URL', () => {
    fc.assert(
      fc.property(url, (candidate) => {
        if (isConsoleUrl(candidate, built)) {
          const parsed = new URL(candidate)
          expect(parsed.protocol).toBe('file:')
          expect(parsed.pathname).toBe(new URL(built.indexFileUrl).pathname)
        }
        if (isConsoleUrl(candidate, dev)) expect(new URL(candidate).origin).toBe('http://localhost:5173')
      }),
    )
  })

  it('opens externally only https URLs without credentials', () => {
    fc.assert(
      fc.property(fc.oneof(url, fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()), (candidate) => {
        if (isExternalLinkAllowed(candidate)) {
          const parsed = new URL(candidate)
          expect(parsed.protocol).toBe('https:')
          expect(parsed.username + parsed.password).toBe('')
        }
      }),
    )
  })
})
