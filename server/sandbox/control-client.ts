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

export interface SandboxUrls {
  ringcentral: string
  stripe: string
  plaid: string
}

type Delivered<T> = T & { deliveries: DeliveryResult[] }

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
    },
    plaid: {
      createItem: (webhookUrl?: string) => post<{ item_id: string; access_token: string }>(`${urls.plaid}/__sim/plaid/items`, { webhook_url: webhookUrl }),
      transactions: (input: TransactionsControl) => post<{ queued: number }>(`${urls.plaid}/__sim/plaid/transactions`, input),
      fireWebhook: (input: FireWebhookControl) => post<Delivered<{ body: string }>>(`${urls.plaid}/__sim/plaid/fire-webhook`, input),
    },
  }
}
