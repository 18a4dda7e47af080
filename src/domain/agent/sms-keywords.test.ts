import { describe, expect, it } from 'vitest'
import { isOptOutRequest, smsKeyword } from './sms-keywords'

describe('smsKeyword', () => {
  it.each([
    'stop', 'STOP', 'STOP.', ' Stop ', 'Stop!', 'stopall', 'STOP ALL', 'Unsubscribe', 'cancel', 'CANCEL!!',
    'end', 'End.', 'quit', 'Revoke', 'opt out', 'OPT OUT', 'Opt-Out', 'optout', '"stop"', 'stop\n',
  ])('%j opts out', (message) => {
    expect(smsKeyword(message)).toBe('opt_out')
  })

  it.each(['help', 'HELP', 'Help?', 'info', 'INFO.'])('%j asks for help', (message) => {
    expect(smsKeyword(message)).toBe('help')
  })

  it.each(['start', 'START', 'Unstop', ' unstop! '])('%j opts back in', (message) => {
    expect(smsKeyword(message)).toBe('opt_in')
  })

  it.each([
    'I need to cancel my booking for Saturday',
    'stop by at 6?',
    'can you help me book',
    'start time is 6pm',
    'the end of the month',
    'information please',
    'stopp',
    '',
  ])('%j is not a keyword: the keyword must be the whole message', (message) => {
    expect(smsKeyword(message)).toBeNull()
  })
})

describe('isOptOutRequest', () => {
  it.each([
    'please stop texting me',
    'Stop messaging this number',
    'Remove me from your list',
    'take me off your list please',
    'Please opt me out',
    "Don't text me again.",
    'do not contact me',
    'no more texts please',
    'Please don’t text me anymore',
  ])('%j asks to stop texting', (message) => {
    expect(isOptOutRequest(message)).toBe(true)
  })

  it.each([
    "Don't text me before 5, I'm at work",
    'Can you stop by the store?',
    'I need to cancel my booking',
    'How much for 20 people?',
  ])('%j does not', (message) => {
    expect(isOptOutRequest(message)).toBe(false)
  })
})
