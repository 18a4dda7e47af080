/**
 * What must never appear in a relay log, and the scan that looks for it. Tests push the canary
 * values below through the relay on purpose (as a caller's number, a customer's name, a text, a
 * credential); the e2e fixture scans the log of every relay it starts, and the unit-test run's
 * teardown scans every relay log written during the run (`leak-scan-setup.ts`).
 */
import { readFileSync } from 'node:fs'

/** Values that look real and are used only by tests, so finding one in a log is proof of a leak. */
export const canaries = {
  /** A caller's and texter's number (555-01xx is reserved for fiction). */
  phone: '+14155550142',
  customerName: 'Octavia Brightwater',
  /** Words a customer says or texts, with the name in them as people do. */
  customerText: 'Hi, this is Octavia Brightwater, please call me back about my party',
  /** A credential in the relay's device-token shape. */
  token: 'sbd_canaryQ7mX2pL9vR4wZ8kN3tY6hB1',
  email: 'octavia.brightwater@example.com',
} as const

interface DemoBusiness {
  bookings: { customerName: string }[]
  extensions: { employeeName: string }[]
}

const demoBusiness = JSON.parse(readFileSync(new URL('../../../resources/demo/business.json', import.meta.url), 'utf8')) as DemoBusiness

/** Names in the demo data and the simulators, scanned for by surname (the rarer half). */
const knownNames = [
  canaries.customerName,
  ...demoBusiness.bookings.map((booking) => booking.customerName),
  ...demoBusiness.extensions.map((extension) => extension.employeeName),
  'Kenji Sato',
  'Maya Chen',
  'Ana Ruiz',
]

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * How a value looks once it has travelled in a URL or a form: percent-encoded (upper- or
 * lower-case hex), with `+` for spaces, and encoded twice.
 */
export function encodedForms(text: string): string[] {
  const once = encodeURIComponent(text)
  const forms = [once, once.replace(/%20/g, '+'), once.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()), encodeURIComponent(once)]
  return [...new Set(forms)].filter((form) => form !== text)
}

const leakPatterns: [string, RegExp][] = [
  ['phone number', /\+1\d{10}\b/],
  ['canary phone number', new RegExp(escape(canaries.phone.slice(2)))],
  ['canary text', new RegExp(escape(canaries.customerText.slice(canaries.customerText.indexOf('please'))))],
  ['canary token', new RegExp(escape(canaries.token))],
  ['canary e-mail', new RegExp(escape(canaries.email), 'i')],
  ['device token', /\bsbd_[A-Za-z0-9_-]{20,}/],
  ['webhook secret', /\bwhsec_[A-Za-z0-9]{10,}/],
  ['Stripe key', /\bsk_(test|live)_[A-Za-z0-9]{10,}/],
  ['Plaid token', /\baccess-(sandbox|production)-[0-9a-f-]{20,}/],
  // A surname as a word of its own, also right after a percent escape (`Octavia%20Brightwater`).
  ...[...new Set(knownNames)].map((name): [string, RegExp] => [
    `name ${name}`,
    new RegExp(`(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))${escape(name.split(' ').at(-1)!)}(?![A-Za-z0-9])`),
  ]),
  // The canaries as they arrive in a URL or a form body.
  ...Object.entries({ ...canaries, customerText: canaries.customerText.slice(canaries.customerText.indexOf('please')) }).flatMap(([kind, value]) =>
    encodedForms(value).map((form): [string, RegExp] => [`URL-encoded canary ${kind}`, new RegExp(escape(form), 'i')]),
  ),
]

/** The kinds of personal data or credentials found in `log` (empty when clean). */
export function findLeaks(log: string): string[] {
  return leakPatterns.filter(([, pattern]) => pattern.test(log)).map(([label]) => label)
}
