/**
 * `GET /checkout/thanks`: where Stripe Checkout sends a customer after paying a deposit link
 * (`success_url`). A plain page with the business's name only: the payment itself is recorded
 * from Stripe's signed webhook, never from this visit, and nothing about the booking is shown.
 */
import type { RelayApp } from '../app'

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => escapes[character]!)

export const checkoutThanksPath = '/checkout/thanks'

export async function checkoutPageRoutes(app: RelayApp) {
  app.get(checkoutThanksPath, async (_request, reply) => {
    const settings = await app.storage.queries.settings.live('business')
    const business = settings?.businessName || 'us'
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('cache-control', 'no-store')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Thank you</title>` +
          `<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0}</style></head>` +
          `<body><main><h1>Thank you!</h1><p>Your deposit to ${escapeHtml(business)} is on its way. We will text you when it is confirmed.</p></main></body></html>`,
      )
  })
}
