/**
 * Stripe objects as the API and webhooks carry them, typed by the SDK so a field Stripe renames
 * breaks the build rather than a test.
 */
import Stripe from 'stripe'
import { randomId, unixSeconds } from '../simulator-server'

export interface CheckoutSessionInput {
  /** Sets `client_reference_id`; left null when `metadata` carries the booking instead. */
  clientReferenceId?: string | null
  metadata?: Record<string, string>
  amountTotal: number
  currency?: string
  customerEmail?: string | null
  customerName?: string | null
  customerPhone?: string | null
  sessionId?: string
  paymentStatus?: Stripe.Checkout.Session.PaymentStatus
  successUrl?: string | null
  /** The simulator's own "hosted page" for this session. */
  url?: string | null
  /** Unix seconds; Stripe's default is 24 h after creation. */
  expiresAt?: number | null
}

export function buildCheckoutSession(input: CheckoutSessionInput, now: Date): Stripe.Checkout.Session {
  const created = unixSeconds(now)
  const isPaid = (input.paymentStatus ?? 'paid') === 'paid'
  return {
    id: input.sessionId ?? randomId('cs_test_'),
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: input.amountTotal,
    amount_total: input.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: null,
    client_reference_id: input.clientReferenceId ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created,
    currency: input.currency ?? 'usd',
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null,
    customer_account: null,
    customer_creation: 'if_required',
    customer_details:
      input.customerEmail || input.customerName || input.customerPhone
        ? {
            address: null,
            business_name: null,
            email: input.customerEmail ?? null,
            individual_name: null,
            name: input.customerName ?? null,
            phone: input.customerPhone ?? null,
            tax_exempt: 'none',
            tax_ids: [],
          }
        : null,
    customer_email: input.customerEmail ?? null,
    discounts: [],
    expires_at: input.expiresAt ?? created + 24 * 3600,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: input.metadata ?? {},
    mode: 'payment',
    origin_context: null,
    payment_intent: isPaid ? randomId('pi_') : null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    payment_status: input.paymentStatus ?? 'paid',
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: isPaid ? 'complete' : 'open',
    submit_type: null,
    subscription: null,
    success_url: input.successUrl ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: input.url ?? null,
    wallet_options: null,
  }
}

export function buildCheckoutSessionCompletedEvent(session: Stripe.Checkout.Session, now: Date): Stripe.CheckoutSessionCompletedEvent {
  return buildCheckoutSessionEvent('checkout.session.completed', session, now) as Stripe.CheckoutSessionCompletedEvent
}

export function buildCheckoutSessionExpiredEvent(session: Stripe.Checkout.Session, now: Date): Stripe.CheckoutSessionExpiredEvent {
  return buildCheckoutSessionEvent('checkout.session.expired', session, now) as Stripe.CheckoutSessionExpiredEvent
}

function buildCheckoutSessionEvent(
  type: 'checkout.session.completed' | 'checkout.session.expired',
  session: Stripe.Checkout.Session,
  now: Date,
): Stripe.CheckoutSessionCompletedEvent | Stripe.CheckoutSessionExpiredEvent {
  return {
    id: randomId('evt_'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: unixSeconds(now),
    data: { object: session },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as Stripe.CheckoutSessionCompletedEvent | Stripe.CheckoutSessionExpiredEvent
}
