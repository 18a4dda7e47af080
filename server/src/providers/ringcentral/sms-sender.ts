/**
 * Sends texts through RingCentral with the official SDK (JWT grant, providers.md §1.2.2). This is
 * where messages leave, so the SMS opt-out is enforced here: a number that opted out gets nothing
 * but the single opt-out confirmation, whoever asks for the send.
 */
import { StorageUnavailableError, type RingCentralSignIns } from '../../storage/contracts'
import { LazyRingCentralSdk, type RingCentralPlatform } from './ringcentral-sdk'

/**
 * Why the text is sent: `opt_out_confirmation` is the only kind that may reach an opted-out
 * number; `staff_alert` goes to an employee's alert phone.
 */
export type SmsPurpose = 'customer_message' | 'opt_out_confirmation' | 'staff_alert'

export interface SmsToSend {
  to: string
  text: string
  purpose: SmsPurpose
}

export interface SentSmsReceipt {
  /** RingCentral's message id. */
  messageId: string
}

export interface SmsSender {
  send(sms: SmsToSend): Promise<SentSmsReceipt>
}

/** A text was not sent; `message` is written for staff. `retryable` when trying later may work. */
export class SmsNotSentError extends Error {
  constructor(
    message: string,
    readonly reason: 'opted_out' | 'invalid' | 'credentials' | 'no_sms_number' | 'rejected' | 'unreachable',
    readonly retryable = false,
  ) {
    super(message)
    this.name = 'SmsNotSentError'
  }
}

export interface RingCentralSmsSettings {
  serverUrl: string
  clientId: string
  clientSecret?: string
  jwt: string
}

export interface RingCentralSmsSenderOptions {
  settings: RingCentralSmsSettings
  /** True when the number opted out of texts (checked at every send). */
  isOptedOut: (phone: string) => boolean | Promise<boolean>
  /**
   * Keeps the SDK's sign-in sealed in the relay's database (either engine), so a restarted relay
   * refreshes it instead of logging in with the JWT again; without it the sign-in lives in memory only.
   */
  signIns?: RingCentralSignIns
}

/** What the SDK throws: its message is RingCentral's `message` or `error_description`. */
type ApiError = Error & { response?: { status: number } }

const e164 = /^\+[1-9]\d{6,14}$/
/** RingCentral's limit, in UTF-16 units. */
const maxTextLength = 1000

export class RingCentralSmsSender implements SmsSender {
  /** Built at the first send: where the stored sign-in lives is a question for storage. */
  private readonly client: LazyRingCentralSdk
  private loggedIn: Promise<void> | null = null
  private senderNumber: Promise<string> | null = null

  constructor(private readonly options: RingCentralSmsSenderOptions) {
    this.client = new LazyRingCentralSdk(options.settings, 'sms', options.signIns)
  }

  private platform(): Promise<RingCentralPlatform> {
    return this.client.platform()
  }

  async send(sms: SmsToSend): Promise<SentSmsReceipt> {
    if (!e164.test(sms.to)) throw new SmsNotSentError('Not sent: the recipient is not a valid phone number in +1… form.', 'invalid')
    const text = sms.text.trim()
    if (text.length === 0) throw new SmsNotSentError('Not sent: the message is empty.', 'invalid')
    if (text.length > maxTextLength) {
      throw new SmsNotSentError(`Not sent: the message is ${text.length} characters; texts may have at most ${maxTextLength}.`, 'invalid')
    }
    if (sms.purpose !== 'opt_out_confirmation' && (await this.options.isOptedOut(sms.to))) {
      throw new SmsNotSentError('Not sent: this number opted out of texts (replied STOP). They must text START before we can text them.', 'opted_out')
    }
    const from = await this.findSenderNumber()
    try {
      const response = await (await this.platform()).post('/restapi/v1.0/account/~/extension/~/sms', {
        from: { phoneNumber: from },
        to: [{ phoneNumber: sms.to }],
        text,
      })
      const body = (await response.json()) as { id?: unknown }
      return { messageId: String(body.id) }
    } catch (error) {
      throw this.explain(error, 'RingCentral refused the text')
    }
  }

  private login(): Promise<void> {
    this.loggedIn ??= (async () => {
      const platform = await this.platform()
      // A stored sign-in is reused (the SDK refreshes it when due); the JWT is used only without
      // one. Without a store, the SDK's default storage is shared by every SDK in the process.
      if (this.options.signIns && (await platform.loggedIn())) return
      await platform.login({ jwt: this.options.settings.jwt })
    })().catch((error: unknown) => {
      this.loggedIn = null // the next send tries again
      throw this.explain(error, 'RingCentral sign-in failed (check RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT)', 'credentials')
    })
    return this.loggedIn
  }

  /** The extension's number with the `SmsSender` feature; looked up once. */
  private findSenderNumber(): Promise<string> {
    this.senderNumber ??= (async () => {
      await this.login()
      let records: { phoneNumber?: string; features?: string[] }[]
      try {
        const response = await (await this.platform()).get('/restapi/v1.0/account/~/extension/~/phone-number', { perPage: 100 })
        records = ((await response.json()) as { records?: typeof records }).records ?? []
      } catch (error) {
        throw this.explain(error, 'Could not list the RingCentral extension’s phone numbers')
      }
      const number = records.find((record) => record.features?.includes('SmsSender') && typeof record.phoneNumber === 'string')?.phoneNumber
      if (!number) {
        throw new SmsNotSentError(
          'Not sent: the RingCentral extension has no SMS-capable number (no phone number with the SmsSender feature).',
          'no_sms_number',
        )
      }
      return number
    })().catch((error: unknown) => {
      this.senderNumber = null
      throw error
    })
    return this.senderNumber
  }

  /** Turns an SDK error into a message staff can act on, without echoing the request. */
  private explain(error: unknown, what: string, reason?: SmsNotSentError['reason']): SmsNotSentError {
    if (error instanceof SmsNotSentError) return error
    // The stored sign-in could not be read: a storage outage, not a credentials problem.
    if (error instanceof StorageUnavailableError) return new SmsNotSentError(`${what}: the relay could not read its stored RingCentral sign-in.`, 'unreachable', true)
    const apiError = error as ApiError
    const status = apiError.response?.status
    const detail = (apiError.message || 'no details').slice(0, 300)
    if (status === undefined) {
      return new SmsNotSentError(`${what}: could not reach RingCentral at ${this.options.settings.serverUrl} (${detail}).`, 'unreachable', true)
    }
    if (reason === 'credentials' || status === 401 || status === 403) {
      return new SmsNotSentError(`${what}: RingCentral answered ${status}: ${detail}.`, 'credentials')
    }
    return new SmsNotSentError(`${what}: RingCentral answered ${status}: ${detail}.`, 'rejected', status === 429 || status >= 500)
  }
}
