/**
 * Where a request comes from, as the limits and lockouts count it. The client address is Fastify's
 * `request.ip`: the socket's peer, or the forwarded address when the peer is a trusted proxy
 * (`RELAY_TRUST_PROXY`). An IPv6 client is counted by its /64, because one subscriber usually holds
 * a whole /64 and could otherwise take a fresh address for every request.
 */
import { isIPv4, isIPv6 } from 'node:net'

export function sourceOf(request: { ip: string }): string {
  return sourceOfAddress(request.ip)
}

export function sourceOfAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!
  if (!isIPv6(address)) return address
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`
}

/** The eight groups of an IPv6 address, without zone, in lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  const [withoutZone = ''] = address.split('%')
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
  const text = withoutZone.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a, b, c, d) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`,
  )
  const [head = '', tail] = text.split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':')
  const zeros = Array.from({ length: 8 - headGroups.length - tailGroups.length }, () => '0')
  return [...headGroups, ...(tail === undefined ? [] : zeros), ...tailGroups].map((group) => Number.parseInt(group, 16).toString(16))
}
