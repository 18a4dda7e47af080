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
    // The API version's enum (2026-10-28.endive) is elements | embedded_page | form | hosted_page.
    ui_mode: 'hosted_page',
    url: input.url ?? null,
    wallet_options: null,
  }
}

export function buildCheckoutSessionCompletedEvent(session: Stripe.Checkout.Session, now: Date): Stripe.CheckoutSessionCompletedEvent {
  return buildEvent('checkout.session.completed', session, now)
}

export function buildCheckoutSessionExpiredEvent(session: Stripe.Checkout.Session, now: Date): Stripe.CheckoutSessionExpiredEvent {
  return buildEvent('checkout.session.expired', session, now)
}

/** The outcome of a delayed payment method (ACH debit and the like) after the session completed unpaid. */
export function buildAsyncPaymentEvent(
  outcome: 'succeeded' | 'failed',
  session: Stripe.Checkout.Session,
  now: Date,
): Stripe.CheckoutSessionAsyncPaymentSucceededEvent | Stripe.CheckoutSessionAsyncPaymentFailedEvent {
  return outcome === 'succeeded' ? buildEvent('checkout.session.async_payment_succeeded', session, now) : buildEvent('checkout.session.async_payment_failed', session, now)
}

export function buildChargeRefundedEvent(charge: Stripe.Charge, now: Date): Stripe.ChargeRefundedEvent {
  return buildEvent('charge.refunded', charge, now)
}

export type DisputeEventType = 'charge.dispute.created' | 'charge.dispute.updated' | 'charge.dispute.closed' | 'charge.dispute.funds_withdrawn' | 'charge.dispute.funds_reinstated'

export function buildDisputeEvent(type: DisputeEventType, dispute: Stripe.Dispute, now: Date): Stripe.Event {
  return buildEvent(type, dispute, now)
}

type EventFor<T extends Stripe.Event['type']> = Extract<Stripe.Event, { type: T }>

function buildEvent<T extends Stripe.Event['type']>(type: T, object: EventFor<T>['data']['object'], now: Date): EventFor<T> {
  return {
    id: randomId('evt_'),
    object: 'event',
    account: undefined,
    api_version: Stripe.API_VERSION,
    context: undefined,
    created: unixSeconds(now),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as unknown as EventFor<T>
}

/** The card charge behind a paid session's PaymentIntent, with what has been refunded of it. */
export function buildCharge(input: { paymentIntent: string; amount: number; currency: string; amountRefunded: number; disputed: boolean; metadata: Record<string, string>; created: number; email: string | null }): Stripe.Charge {
  return {
    id: randomId('ch_'),
    object: 'charge',
    amount: input.amount,
    amount_captured: input.amount,
    amount_refunded: input.amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: randomId('txn_'),
    billing_details: { address: null, email: input.email, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'SWITCHBOARD DEMO',
    captured: true,
    created: input.created,
    currency: input.currency,
    customer: null,
    description: null,
    disputed: input.disputed,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: input.metadata,
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      seller_message: 'Payment complete.',
      type: 'authorized',
    },
    paid: true,
    payment_intent: input.paymentIntent,
    payment_method: randomId('pm_'),
    payment_method_details: null,
    receipt_email: input.email,
    receipt_number: null,
    receipt_url: null,
    refunded: input.amountRefunded >= input.amount,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
  }
}

export function buildDispute(input: { charge: Stripe.Charge; status: Stripe.Dispute.Status; reason: string; created: number }): Stripe.Dispute {
  return {
    id: randomId('dp_'),
    object: 'dispute',
    amount: input.charge.amount,
    balance_transactions: [],
    charge: input.charge.id,
    created: input.created,
    currency: input.charge.currency,
    enhanced_eligibility_types: [],
    evidence: {
      access_activity_log: null,
      billing_address: null,
      cancellation_policy: null,
      cancellation_policy_disclosure: null,
      cancellation_rebuttal: null,
      customer_communication: null,
      customer_email_address: null,
      customer_name: null,
      customer_purchase_ip: null,
      customer_signature: null,
      duplicate_charge_documentation: null,
      duplicate_charge_explanation: null,
      duplicate_charge_id: null,
      enhanced_evidence: {},
      product_description: null,
      receipt: null,
      refund_policy: null,
      refund_policy_disclosure: null,
      refund_refusal_explanation: null,
      service_date: null,
      service_documentation: null,
      shipping_address: null,
      shipping_carrier: null,
      shipping_date: null,
      shipping_documentation: null,
      shipping_tracking_number: null,
      uncategorized_file: null,
      uncategorized_text: null,
    },
    evidence_details: { due_by: input.created + 7 * 86_400, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0, submission_method: 'not_submitted' },
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: typeof input.charge.payment_intent === 'string' ? input.charge.payment_intent : null,
    reason: input.reason,
    status: input.status,
  }
}
