/**
 * `RELAY_TRUST_PROXY`: the reverse proxies (or tunnel) in front of the relay. Only a request whose
 * socket comes from one of them has its client address taken from `X-Forwarded-For`, and then
 * only the hops those proxies added (Fastify's `trustProxy`, via proxy-addr): a client cannot
 * choose its own address by sending the header itself.
 */
import { isIP } from 'node:net'

/** proxy-addr's names for the private ranges. */
const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** Splits and checks the list; `invalid` is the first entry that is neither an address nor a range. */
export function parseTrustedProxies(value: string): { entries: string[] } | { invalid: string } {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) return { invalid: entry }
  }
  return { entries }
}

function isAddressOrRange(entry: string): boolean {
  if (namedRanges.has(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  if (!/^\d{1,3}$/.test(prefix)) return false
  return Number(prefix) <= (family === 4 ? 32 : 128)
}
