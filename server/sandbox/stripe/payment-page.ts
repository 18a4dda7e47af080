/**
 * The stand-in for Stripe's hosted Checkout page: plain HTML with no scripts and no external
 * resources, so it works offline and under a strict Content-Security-Policy. Every value shown
 * is escaped.
 */
import type Stripe from 'stripe'

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => escapes[character]!)

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f6f9fc; color: #1a1f36; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  main { background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgba(0,0,0,.08); padding: 2rem 2.5rem; max-width: 26rem; }
  .amount { font-size: 2rem; font-weight: 600; margin: .5rem 0 1.5rem; }
  button { background: #635bff; color: #fff; border: 0; border-radius: 6px; font-size: 1rem; padding: .75rem 1.5rem; width: 100%; cursor: pointer; }
  .note { color: #697386; font-size: .85rem; margin-top: 1rem; }
</style>
</head>
<body><main>${body}</main></body>
</html>`
}

export function paymentPage(session: Stripe.Checkout.Session, businessName: string): string {
  const amount = usd.format((session.amount_total ?? 0) / 100)
  return layout(
    `Pay ${businessName}`,
    `<h1>${escapeHtml(businessName)}</h1>
<p>Deposit</p>
<p class="amount" data-testid="amount">${escapeHtml(amount)}</p>
<form method="post" action="/pay/${encodeURIComponent(session.id)}">
  <button type="submit">Pay ${escapeHtml(amount)}</button>
</form>
<p class="note">Sandbox payment page: no card is charged.</p>`,
  )
}

export function paidPage(session: Stripe.Checkout.Session): string {
  const amount = usd.format((session.amount_total ?? 0) / 100)
  return layout('Payment received', `<h1>Payment received</h1><p>${escapeHtml(amount)} paid. Thank you!</p>`)
}

export function unavailablePage(message: string): string {
  return layout('Payment unavailable', `<h1>Payment unavailable</h1><p>${escapeHtml(message)}</p>`)
}
