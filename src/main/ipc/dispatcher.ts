/**
 * Validates every inbound message against the IPC contract before a service sees it, and turns
 * every outcome into an `IpcResult`. Transport-agnostic: Electron IPC and the web host use it.
 */
import { Compile } from 'typebox/compile'
import {
  ipcContract,
  isInvokeChannel,
  type InvokeChannel,
  type IpcErrorCode,
  type IpcResult,
  type PayloadOf,
  type ResultOf,
} from '../../shared/ipc-contract'

export type IpcHandlers = {
  [C in InvokeChannel]: (payload: PayloadOf<C>) => Promise<ResultOf<C>> | ResultOf<C>
}

/** Throw from a handler to send the renderer a specific code and message. */
export class IpcError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'IpcError'
  }
}

const payloadValidators = Object.fromEntries(
  Object.entries(ipcContract.invoke).map(([channel, spec]) => [channel, Compile(spec.payload)]),
) as Record<InvokeChannel, ReturnType<typeof Compile>>

export type IpcDispatch = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>

export function createIpcDispatcher(
  handlers: IpcHandlers,
  onUnexpectedError: (channel: string, error: unknown) => void = () => {},
): IpcDispatch {
  return async (channel, payload) => {
    if (!isInvokeChannel(channel)) {
      return failure('unknown_channel', `No such console operation: ${String(channel).slice(0, 100)}`)
    }
    const validator = payloadValidators[channel]
    if (!validator.Check(payload)) {
      const first = validator.Errors(payload)[0]
      const where = first?.instancePath || 'payload'
      return failure('invalid_payload', `Invalid ${channel} request: ${where} ${first?.message ?? 'is invalid'}`)
    }
    try {
      const handler = handlers[channel] as (payload: unknown) => unknown
      return { ok: true, value: await handler(payload) }
    } catch (error) {
      if (error instanceof IpcError) return failure(error.code, error.message)
      onUnexpectedError(channel, error)
      return failure('internal', 'The console hit an unexpected error. Details are in its log.')
    }
  }
}

function failure(code: IpcErrorCode, message: string): IpcResult<never> {
  return { ok: false, error: { code, message } }
}
