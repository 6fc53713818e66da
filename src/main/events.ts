// Main-process fan-out of contract events to whatever transports are attached (Electron windows,
// web-mode sockets). Services emit; transports subscribe.
import type { EventName, Events } from '../shared/api';

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (err) {
        // One broken transport must not stop the others from hearing the event.
        console.error(`event listener failed for ${name}:`, err);
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
