/**
 * Lets the relay close promptly. Node's `server.close()` reaps only the keep-alive connections
 * idle at that moment: one whose request was still being answered stays open afterwards until its
 * keep-alive timeout (72 s by default), and holds `close()` that long. So while the relay closes,
 * every answer says `Connection: close`, and each answer sent reaps the connections now idle.
 */
import type { FastifyInstance } from 'fastify'

export function closePromptly(app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close')
    return payload
  })
  app.addHook('onResponse', async () => {
    // The connection counts as idle only once Node has finished the response it is closing on.
    if (closing) setImmediate(() => app.server.closeIdleConnections())
  })
}
