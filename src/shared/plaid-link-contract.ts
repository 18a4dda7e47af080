/**
 * The one thing Plaid Link's isolated page may tell the console: how a Link session ended. The
 * page runs in its own window and session partition (Electron) or on its own origin (browser),
 * and this message — validated in main — is all it can send.
 */
import { Type, type Static } from 'typebox'

const SessionId = Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })

export const LinkPageResult = Type.Union([
  Type.Object(
    {
      sessionId: SessionId,
      outcome: Type.Literal('success'),
      publicToken: Type.String({ minLength: 1, maxLength: 200, pattern: '^public-[A-Za-z0-9-]+$' }),
      institution: Type.Union([Type.Object({ id: Type.String({ maxLength: 100 }), name: Type.String({ maxLength: 200 }) }, { additionalProperties: false }), Type.Null()]),
      accountCount: Type.Integer({ minimum: 0, maximum: 1000 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      sessionId: SessionId,
      outcome: Type.Literal('exit'),
      errorCode: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
      message: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
    },
    { additionalProperties: false },
  ),
])
export type LinkPageResult = Static<typeof LinkPageResult>

/** Electron: the Link window's only IPC message (a one-way send, checked against its window). */
export const linkResultChannel = 'plaid-link:result'
/** Browser: the Link page's only request to its host, same origin, once per session. */
export const linkResultPath = '/link/result'

/** What the Link window's preload exposes as `window.plaidLinkHost`. */
export interface PlaidLinkHostApi {
  finish(result: LinkPageResult): void
}

/** The Link page reads its session and link token from the URL fragment (never sent to a server). */
export function linkPageFragment(sessionId: string, linkToken: string, options: { standIn?: boolean } = {}): string {
  const fragment = new URLSearchParams({ session: sessionId, token: linkToken })
  if (options.standIn) fragment.set('standIn', '1')
  return fragment.toString()
}
