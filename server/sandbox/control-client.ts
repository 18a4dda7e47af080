/**
 * A typed client for the simulators' control endpoints (`/__sim/...`), for tests and e2e
 * fixtures that talk to a sandbox over HTTP rather than in-process.
 */
import type Stripe from 'stripe'
import type { RingCentralNotification } from '../src/providers/ringcentral/notifications'
import type { FireWebhookControl, TransactionsControl } from './plaid/plaid-simulator'
import type { InboundCallControl, InboundSmsControl, TelephonyEventControl } from './ringcentral/ringcentral-simulator'
import type { DeliveryResult } from './simulator-server'
import type { CheckoutCompletedControl } from './stripe/stripe-simulator'
import type { RecordedSupervision, RecordedTransfer, ScriptedCallControl, VoicemailControl } from './ringcentral/call-control'

export interface SandboxUrls {
  ringcentral: string
  stripe: string
  plaid: string
}

type Delivered<T> = T & { deliveries: DeliveryResult[] }

async function get<T>(url: string): Promise<T> {
  const response = await fetch(url)
  const text = await response.text()
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`)
  return JSON.parse(text) as T
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const text = await response.text()
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`)
  return JSON.parse(text) as T
}

export function sandboxControl(urls: SandboxUrls) {
  return {
    stripe: {
      checkoutCompleted: (input: CheckoutCompletedControl) =>
        post<Delivered<{ event: Stripe.CheckoutSessionCompletedEvent }>>(`${urls.stripe}/__sim/stripe/checkout-completed`, input),
      redeliver: (eventId: string, webhookUrl?: string) =>
        post<Delivered<{ event: Stripe.Event }>>(`${urls.stripe}/__sim/stripe/redeliver`, { eventId, webhookUrl }),
      /** The Checkout Sessions created for a booking (`client_reference_id`), newest state. */
      sessionsFor: (bookingId: string) =>
        get<{ data: Stripe.Checkout.Session[] }>(`${urls.stripe}/__sim/stripe/checkout-sessions?client_reference_id=${encodeURIComponent(bookingId)}`).then(
          (list) => list.data,
        ),
      /** Submits the stand-in hosted page's Pay form, as a customer's browser does. */
      payOnHostedPage: async (sessionUrl: string) => {
        const response = await fetch(sessionUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })
        if (!response.ok) throw new Error(`The payment page answered ${response.status}`)
      },
    },
    ringcentral: {
      inboundCall: (input: InboundCallControl) =>
        post<{ telephonySessionId: string; notifications: Delivered<{ notification: RingCentralNotification }>[] }>(
          `${urls.ringcentral}/__sim/ringcentral/inbound-call`,
          input,
        ),
      telephonyEvent: (input: TelephonyEventControl) =>
        post<Delivered<{ notification: RingCentralNotification }>>(`${urls.ringcentral}/__sim/ringcentral/telephony-event`, input),
      inboundSms: (input: InboundSmsControl) =>
        post<Delivered<{ notification: RingCentralNotification }>>(`${urls.ringcentral}/__sim/ringcentral/inbound-sms`, input),
      redeliver: (uuid: string) =>
        post<Delivered<{ notification: RingCentralNotification }>>(`${urls.ringcentral}/__sim/ringcentral/redeliver`, { uuid }),
      blacklist: (subscriptionId: string) => post<{ id: string; status: string }>(`${urls.ringcentral}/__sim/ringcentral/blacklist`, { subscriptionId }),
      expire: (subscriptionId: string) => post<{ id: string }>(`${urls.ringcentral}/__sim/ringcentral/expire`, { subscriptionId }),
      /** Leaves filters of this kind out of new and updated subscriptions (`granted: true` undoes it). */
      denyFilter: (filter: string, options: { reason?: string; granted?: boolean } = {}) =>
        post<{ kind: string; denied: boolean }>(`${urls.ringcentral}/__sim/ringcentral/deny-filter`, { filter, ...options }),
      /** Which header carries the verification token on notifications from now on. */
      notificationTokenHeader: (header: 'Validation-Token' | 'Verification-Token') =>
        post<{ header: string }>(`${urls.ringcentral}/__sim/ringcentral/notification-token-header`, { header }),
      /** A user extension's own JWT credential (how a console signs in as that extension). */
      extensionJwt: (extensionNumber: string) =>
        post<{ jwt: string; extensionId: string; extensionNumber: string; clientId: string; clientSecret: string }>(
          `${urls.ringcentral}/__sim/ringcentral/jwt`,
          { extensionNumber },
        ),
      /** Cuts every WebSocket subscription's socket, as a network drop would. */
      dropWebSockets: () => post<{ dropped: number }>(`${urls.ringcentral}/__sim/ringcentral/ws/drop`, {}),
      /** Rings and answers a call; once supervised, its lines play as sandbox speech. */
      scriptedCall: (input: ScriptedCallControl) =>
        post<{ telephonySessionId: string; partyId: string }>(`${urls.ringcentral}/__sim/ringcentral/scripted-call`, input),
      voicemail: (input: VoicemailControl) => post<{ messageId: string }>(`${urls.ringcentral}/__sim/ringcentral/voicemail`, input),
      /** Every supervise request the app made, with its body. */
      supervisions: () => get<{ records: RecordedSupervision[] }>(`${urls.ringcentral}/__sim/ringcentral/supervisions`).then((list) => list.records),
      transfers: async () => {
        const response = await fetch(`${urls.ringcentral}/__sim/ringcentral/transfers`)
        return ((await response.json()) as { records: RecordedTransfer[] }).records
      },
    },
    plaid: {
      createItem: (webhookUrl?: string) => post<{ item_id: string; access_token: string }>(`${urls.plaid}/__sim/plaid/items`, { webhook_url: webhookUrl }),
      transactions: (input: TransactionsControl) => post<{ queued: number }>(`${urls.plaid}/__sim/plaid/transactions`, input),
      fireWebhook: (input: FireWebhookControl) => post<Delivered<{ body: string; withheld?: string }>>(`${urls.plaid}/__sim/plaid/fire-webhook`, input),
      /** The history every Item linked at the institution from now on starts with. */
      institutionHistory: (institutionId: string, transactions: unknown[]) =>
        post<{ transactions: number }>(`${urls.plaid}/__sim/plaid/institution-history`, { institution_id: institutionId, transactions }),
      item: (itemId: string) =>
        get<{ syncCalls: number; loginRequired: boolean; removed: boolean; webhookUrl: string | null }>(`${urls.plaid}/__sim/plaid/items/${encodeURIComponent(itemId)}`),
    },
  }
}
