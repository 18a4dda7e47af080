/**
 * A bare webhook receiver for the simulators' self-tests: records every request's raw body and
 * headers, and answers with whatever `respond` says (by default 200 echoing a Validation-Token).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedWebhook {
  path: string
  headers: IncomingHttpHeaders
  body: string
}

export interface WebhookReceiver {
  url: string
  received: ReceivedWebhook[]
  close(): Promise<void>
}

type Responder = (request: ReceivedWebhook) => { status: number; headers?: Record<string, string>; body?: string }

const echoValidationToken: Responder = (request) => ({
  status: 200,
  headers: {
    'content-type': 'application/json',
    ...(typeof request.headers['validation-token'] === 'string' ? { 'validation-token': request.headers['validation-token'] } : {}),
  },
  body: '{}',
})

export async function startWebhookReceiver(respond: Responder = echoValidationToken): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const webhook = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(webhook)
      const answer = respond(webhook)
      response.writeHead(answer.status, answer.headers ?? {})
      response.end(answer.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
