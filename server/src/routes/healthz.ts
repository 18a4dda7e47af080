import { Type } from 'typebox'
import type { RelayApp } from '../app'

const ComponentState = Type.Union([Type.Literal('ok'), Type.Literal('unusable')])
const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  version: Type.String(),
  components: Type.Object({ database: ComponentState }),
  /** False while the relay is still starting its services; start-up scripts wait for true. */
  ready: Type.Boolean(),
  /** The relay runs the demo business on the built-in sandbox. */
  demo: Type.Boolean(),
  /** At least one provider runs on the built-in sandbox (no secret or address is shown). */
  sandbox: Type.Boolean(),
})

/**
 * `GET /healthz`: 200 `{"status":"ok"}` with component states; 503 when the database is unusable.
 * Also says whether start-up is done and whether the relay runs the demo on the built-in sandbox,
 * so `npm start` learns it from the relay itself rather than from files it may not have written yet.
 */
export async function healthzRoutes(app: RelayApp) {
  app.get(
    '/healthz',
    // Polled every few seconds by every console: log only problems.
    { logLevel: 'warn', schema: { response: { 200: HealthResponse, 503: HealthResponse } } },
    async (_request, reply) => {
      const database = (await app.storage.usable()) ? 'ok' : 'unusable'
      const healthy = database === 'ok'
      return reply
        .code(healthy ? 200 : 503)
        .send({ status: healthy ? 'ok' : 'unavailable', version: app.relayVersion, components: { database }, ...app.relayState })
    },
  )
}
