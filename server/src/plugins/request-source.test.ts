import { describe, expect, it } from 'vitest'
import { sourceOfAddress } from './request-source'

describe('request source', () => {
  it('counts an IPv4 client by its address, however it is written', () => {
    expect(sourceOfAddress('203.0.113.7')).toBe('203.0.113.7')
    expect(sourceOfAddress('::ffff:203.0.113.7')).toBe('203.0.113.7')
  })

  it('counts an IPv6 client by its /64, so fresh addresses from one subscriber count together', () => {
    expect(sourceOfAddress('2001:db8:aaaa:bbbb::1')).toBe('2001:db8:aaaa:bbbb::/64')
    expect(sourceOfAddress('2001:0db8:aaaa:bbbb:1234:5678:9abc:def0')).toBe('2001:db8:aaaa:bbbb::/64')
    expect(sourceOfAddress('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(sourceOfAddress('::1')).toBe('0:0:0:0::/64')
    expect(sourceOfAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(sourceOfAddress('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64')
    expect(sourceOfAddress('2001:db8:aaaa:bbbb::1')).not.toBe(sourceOfAddress('2001:db8:aaaa:bbbc::1'))
  })
})
