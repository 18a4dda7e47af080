import { Type } from 'typebox'
import type { RelayApp } from '../app'
import { isDatabaseUsable } from '../storage/database'

const ComponentState = Type.Union([Type.Literal('ok'), Type.Literal('unusable')])
const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  version: Type.String(),
  components: Type.Object({ database: ComponentState }),
})

/** `GET /healthz`: 200 `{"status":"ok"}` with component states; 503 when the database is unusable. */
export async function healthzRoutes(app: RelayApp) {
  app.get(
    '/healthz',
    // Polled every few seconds by every console: log only problems.
    { logLevel: 'warn', schema: { response: { 200: HealthResponse, 503: HealthResponse } } },
    async (_request, reply) => {
      const database = isDatabaseUsable(app.db) ? 'ok' : 'unusable'
      const healthy = database === 'ok'
      return reply
        .code(healthy ? 200 : 503)
        .send({ status: healthy ? 'ok' : 'unavailable', version: app.relayVersion, components: { database } })
    },
  )
}
