/**
 * Fans main-process events out to whichever transports are attached (Electron windows, browser
 * event streams), checking each payload against the contract so a service bug cannot leak
 * fields the renderer was never meant to see.
 */
import { Compile } from 'typebox/compile'
import { ipcContract, type EventName, type EventPayloadOf } from '../../shared/ipc-contract'

type Sink = <E extends EventName>(event: E, payload: EventPayloadOf<E>) => void

const eventValidators = Object.fromEntries(
  Object.entries(ipcContract.events).map(([name, schema]) => [name, Compile(schema)]),
) as Record<EventName, ReturnType<typeof Compile>>

export class EventHub {
  private readonly sinks = new Set<Sink>()

  attach(sink: Sink): () => void {
    this.sinks.add(sink)
    return () => this.sinks.delete(sink)
  }

  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void {
    if (!eventValidators[event].Check(payload)) {
      throw new Error(`Refusing to emit ${event}: payload does not match the IPC contract`)
    }
    for (const sink of this.sinks) sink(event, payload)
  }
}
