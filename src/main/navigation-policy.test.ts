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

  const review = { reviewUrl: 'https://g.page/r/CafeHibachi/review' }

  it('opens externally only Stripe Checkout and the business review page, over https', () => {
    expect(isExternalLinkAllowed('https://checkout.stripe.com/c/pay/cs_test_1#fid', review)).toBe(true)
    expect(isExternalLinkAllowed('https://g.page/r/CafeHibachi/review', review)).toBe(true)
    expect(isExternalLinkAllowed('https://g.page/r/CafeHibachi/review#top', review)).toBe(true)
    // Any other https site is refused: the console is not a browser.
    expect(isExternalLinkAllowed('https://example.com', review)).toBe(false)
    expect(isExternalLinkAllowed('https://g.page/r/SomeoneElse/review', review)).toBe(false)
    expect(isExternalLinkAllowed('https://g.page/r/CafeHibachi/review?next=https://evil.example', review)).toBe(false)
    expect(isExternalLinkAllowed('https://checkout.stripe.com.evil.example/pay', review)).toBe(false)
    expect(isExternalLinkAllowed('https://evil.example/checkout.stripe.com', review)).toBe(false)
    expect(isExternalLinkAllowed('https://checkout.stripe.com:8443/pay', review)).toBe(false)
    expect(isExternalLinkAllowed('https://g.page/r/CafeHibachi/review', { reviewUrl: null })).toBe(false)
    // Never anything but https, and never with credentials.
    expect(isExternalLinkAllowed('http://checkout.stripe.com/pay', review)).toBe(false)
    expect(isExternalLinkAllowed('file:///C:/Windows/system32/calc.exe', review)).toBe(false)
    expect(isExternalLinkAllowed('ms-msdt:/id PCWDiagnostic', review)).toBe(false)
    expect(isExternalLinkAllowed('https://user:pass@checkout.stripe.com', review)).toBe(false) // secretlint-disable-line -- not a credential: proves links with one are refused
    expect(isExternalLinkAllowed('https://checkout.stripe.com/pay', { reviewUrl: 'http://g.page/r/CafeHibachi/review' })).toBe(true)
    expect(isExternalLinkAllowed('http://g.page/r/CafeHibachi/review', { reviewUrl: 'http://g.page/r/CafeHibachi/review' })).toBe(false)
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

  it('opens externally only https URLs without credentials, to Stripe Checkout or the review page', () => {
    const review = { reviewUrl: 'https://reviews.example/cafe-hibachi' }
    fc.assert(
      fc.property(fc.oneof(url, fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()), (candidate) => {
        if (isExternalLinkAllowed(candidate, review)) {
          const parsed = new URL(candidate)
          expect(parsed.protocol).toBe('https:')
          expect(parsed.username + parsed.password).toBe('')
          expect(['checkout.stripe.com', 'reviews.example']).toContain(parsed.host)
        }
      }),
    )
  })
})
