import { describe, expect, it } from 'vitest'
import { notificationKind } from './notifications'
import { isSameSecret } from './verify-webhook'

describe('notificationKind', () => {
  it('matches by path pattern, with ~ expanded or not and with query strings', () => {
    expect(notificationKind('/restapi/v1.0/account/37439510/telephony/sessions')).toBe('telephony-session')
    expect(notificationKind('/restapi/v1.0/account/~/extension/62264425016/telephony/sessions')).toBe('telephony-session')
    expect(notificationKind('/restapi/v1.0/account/~/extension/62264425016/message-store/instant?type=SMS')).toBe('instant-sms')
    expect(notificationKind('/restapi/v1.0/account/~/extension/~/voicemail')).toBe('voicemail')
    expect(notificationKind('/restapi/v1.0/account/~/extension/~/presence?detailedTelephonyState=true')).toBe('other')
  })
})

describe('isSameSecret', () => {
  it('compares whole values whatever their lengths', () => {
    expect(isSameSecret('token-123456789012', 'token-123456789012')).toBe(true)
    expect(isSameSecret('token-12345678901', 'token-123456789012')).toBe(false)
    expect(isSameSecret('', 'token-123456789012')).toBe(false)
  })
})
